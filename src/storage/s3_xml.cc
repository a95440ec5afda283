#include "storage/s3_xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstdio>
#include <ctime>
#include <memory>

#include "common/strings.h"

namespace lakehouse {
namespace {

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDoc = std::unique_ptr<xmlDoc, DocDeleter>;

XmlDoc Parse(std::string_view xml) {
  if (xml.empty()) return nullptr;
  return XmlDoc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "s3.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

bool Named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE &&
         xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::string Text(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return out;
}

// The text of the first child element called `name`, "" when none.
std::string ChildText(const xmlNode* parent, const char* name) {
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (Named(child, name)) return Text(child);
  }
  return "";
}

}  // namespace

S3ErrorBody ParseS3Error(std::string_view xml) {
  S3ErrorBody out;
  XmlDoc doc = Parse(xml);
  if (!doc) return out;
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !Named(root, "Error")) return out;
  out.code = ChildText(root, "Code");
  out.message = ChildText(root, "Message");
  return out;
}

Result<S3ListPage> ParseListObjectsV2(std::string_view xml) {
  XmlDoc doc = Parse(xml);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr || !Named(root, "ListBucketResult")) {
    return UpstreamError("s3 list: the answer is not a ListBucketResult");
  }
  S3ListPage page;
  for (const xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (Named(child, "Contents")) {
      S3ListedObject object;
      object.key = ChildText(child, "Key");
      object.size_bytes = std::strtoll(ChildText(child, "Size").c_str(), nullptr, 10);
      object.modified_micros = ParseIso8601Micros(ChildText(child, "LastModified"));
      object.etag = ChildText(child, "ETag");
      page.objects.push_back(std::move(object));
    } else if (Named(child, "IsTruncated")) {
      page.truncated = Text(child) == "true";
    } else if (Named(child, "NextContinuationToken")) {
      page.next_continuation_token = Text(child);
    }
  }
  if (page.truncated && page.next_continuation_token.empty()) {
    return UpstreamError("s3 list: a truncated page without NextContinuationToken");
  }
  return page;
}

Result<std::string> ParseUploadId(std::string_view xml) {
  XmlDoc doc = Parse(xml);
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  std::string id = root != nullptr ? ChildText(root, "UploadId") : "";
  if (id.empty()) return UpstreamError("s3 multipart upload: the answer has no UploadId");
  return id;
}

std::string CompleteMultipartUploadXml(const std::vector<std::string>& etags) {
  std::string out = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < etags.size(); ++i) {
    out += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>";
    out += XmlEscaped(etags[i]);
    out += "</ETag></Part>";
  }
  out += "</CompleteMultipartUpload>";
  return out;
}

int64_t ParseIso8601Micros(std::string_view text) {
  std::tm tm{};
  int micros = 0;
  char fraction[16] = {0};
  std::string copy(text);
  int n = std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%15s", &tm.tm_year, &tm.tm_mon,
                      &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, fraction);
  if (n < 6) return 0;
  if (fraction[0] == '.') {
    int digits = 0;
    for (const char* p = fraction + 1; *p >= '0' && *p <= '9' && digits < 6; ++p, ++digits) {
      micros = micros * 10 + (*p - '0');
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000000 + micros;
}

}  // namespace lakehouse
