#include "http/route_table.h"

#include <algorithm>

namespace lakehouse {

Status RouteTable::Add(RouteSpec spec, HttpHandler handler) {
  LH_ASSIGN_OR_RETURN(PathPattern pattern, PathPattern::Parse(spec.pattern));
  for (const Route& r : routes_) {
    if (r.spec.method == spec.method && r.spec.pattern == spec.pattern) {
      return InvalidArgument("duplicate route ", std::string(HttpMethodName(spec.method)), " ",
                             spec.pattern);
    }
    if (r.spec.operation_id == spec.operation_id) {
      return InvalidArgument("duplicate operation id ", spec.operation_id);
    }
  }
  if (spec.operation_id.empty()) return InvalidArgument("route needs an operation id");
  routes_.push_back(Route{std::move(spec), std::move(pattern), std::move(handler)});
  return Status::Ok();
}

Status RouteTable::Add(RouteSpec spec, RouteContract contract, HttpHandler handler) {
  bool documented = false;
  for (const ResponseContract& r : contract.responses) {
    documented = documented || r.status == spec.success_status;
  }
  if (!documented) {
    return InvalidArgument("route ", std::string(HttpMethodName(spec.method)), " ", spec.pattern,
                           " documents no response with its status ",
                           std::to_string(spec.success_status));
  }
  spec.contract = std::move(contract);
  return Add(std::move(spec), std::move(handler));
}

Status RouteTable::CheckEveryRouteDocumented() const {
  for (const Route& r : routes_) {
    if (r.spec.contract.responses.empty()) {
      return InvalidArgument("route ", std::string(HttpMethodName(r.spec.method)), " ",
                             r.spec.pattern,
                             " has no contract: add it with RouteTable::Add(spec, contract, "
                             "handler) in api/routes.cc (see http/README.md)");
    }
  }
  return Status::Ok();
}

void RouteTable::WrapHandlers(
    const std::function<HttpHandler(const RouteSpec&, HttpHandler)>& wrap) {
  for (Route& route : routes_) route.handler = wrap(route.spec, std::move(route.handler));
}

RouteTable::Match RouteTable::Find(HttpMethod method, std::string_view path) const {
  Match best;
  int best_score = 0;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!r.pattern.Match(path, &params)) continue;
    if (r.spec.method != method) {
      if (std::find(best.allowed_methods.begin(), best.allowed_methods.end(), r.spec.method) ==
          best.allowed_methods.end()) {
        best.allowed_methods.push_back(r.spec.method);
      }
      continue;
    }
    int score = r.pattern.Specificity();
    if (best.route == nullptr || score > best_score) {
      best.route = &r;
      best.params = std::move(params);
      best_score = score;
    }
  }
  return best;
}

}  // namespace lakehouse
