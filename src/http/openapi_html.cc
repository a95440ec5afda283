// RenderApiReference: the OpenAPI document as one plain HTML page, built on the server (no
// scripts, styles inline, nothing fetched from elsewhere).
#include <algorithm>
#include <cctype>
#include <vector>

#include "common/strings.h"
#include "http/openapi.h"

namespace lakehouse {
namespace {

std::string SchemaBlock(const Json& schema) {
  return "<pre>" + XmlEscaped(schema.dump(2)) + "</pre>\n";
}

void RenderOperation(const std::string& path, const std::string& method, const Json& op,
                     std::string* out) {
  std::string upper = method;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string id = op.value("operationId", "");
  *out += "<section id=\"" + XmlEscaped(id) + "\"><h3><code>" + XmlEscaped(upper) + " " +
          XmlEscaped(path) + "</code> <small>" + XmlEscaped(id) + "</small></h3>\n<p>" +
          XmlEscaped(op.value("summary", "")) + "</p>\n";
  if (auto params = op.find("parameters"); params != op.end()) {
    *out +=
        "<table><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th>"
        "<th>description</th></tr>\n";
    for (const Json& p : *params) {
      *out += "<tr><td><code>" + XmlEscaped(p.value("name", "")) + "</code></td><td>" +
              XmlEscaped(p.value("in", "")) + "</td><td>" +
              (p.value("required", false) ? "yes" : "no") + "</td><td><code>" +
              XmlEscaped(p.value("schema", Json::object()).dump()) + "</code></td><td>" +
              XmlEscaped(p.value("description", "")) + "</td></tr>\n";
    }
    *out += "</table>\n";
  }
  if (auto body = op.find("requestBody"); body != op.end()) {
    for (const auto& [type, media] : (*body)["content"].items()) {
      *out += "<h4>Request body (" + XmlEscaped(type) + ")</h4>\n";
      if (media.contains("schema")) *out += SchemaBlock(media["schema"]);
    }
  }
  for (const auto& [status, response] : op["responses"].items()) {
    if (status == "default") continue;
    *out += "<h4>" + XmlEscaped(status) + " — " + XmlEscaped(response.value("description", "")) +
            "</h4>\n";
    if (auto content = response.find("content"); content != response.end()) {
      for (const auto& [type, media] : content->items()) {
        *out += "<p><code>" + XmlEscaped(type) + "</code></p>\n";
        if (media.contains("schema")) *out += SchemaBlock(media["schema"]);
      }
    }
  }
  *out += "</section>\n";
}

}  // namespace

std::string RenderApiReference(const Json& document) {
  const std::string title =
      document["info"].value("title", "API") + " " + document["info"].value("version", "");
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + XmlEscaped(title) +
      "</title>\n<style>body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}"
      "pre{background:#f4f4f4;padding:.5em;overflow:auto}section{border-top:1px solid #ccc}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}</style>"
      "</head><body>\n<h1>" +
      XmlEscaped(title) +
      "</h1>\n<p>Generated from the route table; the same document is at "
      "<a href=\"/openapi.json\">/openapi.json</a>. Every error answers with the shape below "
      "and a status of 400 or more.</p>\n";
  out += SchemaBlock(document["components"]["schemas"]["Error"]);
  // Group by tag, in the order tags first appear.
  std::vector<std::string> tags;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string tag = op.value("tags", Json::array({""})).at(0).get<std::string>();
      if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    }
  }
  out += "<nav><ul>";
  for (const std::string& tag : tags) {
    out += "<li><a href=\"#tag-" + XmlEscaped(tag) + "\">" + XmlEscaped(tag) + "</a></li>";
  }
  out += "</ul></nav>\n";
  for (const std::string& tag : tags) {
    out += "<h2 id=\"tag-" + XmlEscaped(tag) + "\">" + XmlEscaped(tag) + "</h2>\n";
    for (const auto& [path, item] : document["paths"].items()) {
      for (const auto& [method, op] : item.items()) {
        if (op.value("tags", Json::array({""})).at(0).get<std::string>() != tag) continue;
        RenderOperation(path, method, op, &out);
      }
    }
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace lakehouse
