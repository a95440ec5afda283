#include "tests/support/json_schema_check.h"

#include <cstdint>

namespace lakehouse::testing {
namespace {

bool HasType(const Json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (!value.is_number_float()) return false;
    double d = value.get<double>();
    return d == static_cast<double>(static_cast<int64_t>(d));
  }
  return false;
}

class Checker {
 public:
  explicit Checker(const Json& root) : root_(root) {}

  void Check(const Json& schema, const Json& value, const std::string& at) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) Fail(at, "no value is allowed here");
      return;
    }
    if (!schema.is_object()) return;
    if (auto ref = schema.find("$ref"); ref != schema.end()) {
      const Json* target = Resolve(ref->get<std::string>());
      if (target == nullptr) return Fail(at, "unresolvable $ref " + ref->get<std::string>());
      Check(*target, value, at);
    }
    if (auto type = schema.find("type"); type != schema.end()) {
      bool ok = false;
      if (type->is_string()) ok = HasType(value, type->get<std::string>());
      for (const Json& t : type->is_array() ? *type : Json::array()) {
        ok = ok || HasType(value, t.get<std::string>());
      }
      if (!ok) return Fail(at, "expected type " + type->dump() + ", got " + Short(value));
    }
    if (auto e = schema.find("enum"); e != schema.end()) {
      bool found = false;
      for (const Json& option : *e) found = found || option == value;
      if (!found) Fail(at, Short(value) + " is not one of " + e->dump());
    }
    if (auto c = schema.find("const"); c != schema.end() && *c != value) {
      Fail(at, Short(value) + " is not " + c->dump());
    }
    if (value.is_number()) {
      if (auto m = schema.find("minimum");
          m != schema.end() && value.get<double>() < m->get<double>()) {
        Fail(at, Short(value) + " is below the minimum " + m->dump());
      }
      if (auto m = schema.find("maximum");
          m != schema.end() && value.get<double>() > m->get<double>()) {
        Fail(at, Short(value) + " is above the maximum " + m->dump());
      }
    }
    if (value.is_object()) CheckObject(schema, value, at);
    if (value.is_array()) {
      if (auto items = schema.find("items"); items != schema.end()) {
        for (size_t i = 0; i < value.size(); ++i) {
          Check(*items, value[i], at + "/" + std::to_string(i));
        }
      }
    }
    if (auto all = schema.find("allOf"); all != schema.end()) {
      for (const Json& s : *all) Check(s, value, at);
    }
    CheckAlternatives(schema, "anyOf", value, at);
    CheckAlternatives(schema, "oneOf", value, at);
  }

  std::vector<std::string> errors;

 private:
  void CheckObject(const Json& schema, const Json& value, const std::string& at) {
    const Json empty = Json::object();
    auto props_it = schema.find("properties");
    const Json& props = props_it != schema.end() ? *props_it : empty;
    if (auto req = schema.find("required"); req != schema.end()) {
      for (const Json& name : *req) {
        if (!value.contains(name.get<std::string>())) {
          Fail(at, "missing required property '" + name.get<std::string>() + "'");
        }
      }
    }
    auto extra = schema.find("additionalProperties");
    for (const auto& [name, member] : value.items()) {
      if (auto p = props.find(name); p != props.end()) {
        Check(*p, member, at + "/" + name);
      } else if (extra != schema.end()) {
        if (extra->is_boolean() && !extra->get<bool>()) {
          Fail(at, "property '" + name + "' is not in the schema");
        } else {
          Check(*extra, member, at + "/" + name);
        }
      }
    }
  }

  // anyOf: at least one matches; oneOf: exactly one.
  void CheckAlternatives(const Json& schema, const char* keyword, const Json& value,
                         const std::string& at) {
    auto alternatives = schema.find(keyword);
    if (alternatives == schema.end()) return;
    int matches = 0;
    std::string first_reason;
    for (const Json& s : *alternatives) {
      Checker sub(root_);
      sub.Check(s, value, at);
      if (sub.errors.empty()) {
        ++matches;
      } else if (first_reason.empty()) {
        first_reason = sub.errors.front();
      }
    }
    const bool one_of = std::string(keyword) == "oneOf";
    if (matches == 0)
      Fail(at, std::string("matches no ") + keyword + " branch (" + first_reason + ")");
    if (one_of && matches > 1) Fail(at, "matches more than one oneOf branch");
  }

  const Json* Resolve(const std::string& ref) const {
    if (ref.rfind("#", 0) != 0) return nullptr;
    try {
      const Json& target = root_.at(Json::json_pointer(ref.substr(1)));
      return &target;
    } catch (const std::exception&) {
      return nullptr;
    }
  }

  static std::string Short(const Json& value) {
    std::string text = value.dump();
    if (text.size() > 80) text = text.substr(0, 77) + "...";
    return text;
  }

  void Fail(const std::string& at, const std::string& reason) {
    errors.push_back((at.empty() ? "/" : at) + ": " + reason);
  }

  const Json& root_;
};

}  // namespace

std::vector<std::string> CheckJsonSchema(const Json& schema, const Json& value, const Json& root) {
  Checker checker(root);
  checker.Check(schema, value, "");
  return std::move(checker.errors);
}

}  // namespace lakehouse::testing
