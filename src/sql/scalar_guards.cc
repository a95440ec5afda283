#include "sql/scalar_guards.h"

#include <array>
#include <string>

namespace lakehouse {
namespace {

constexpr std::array<std::string_view, 3> kGuarded = {"repeat", "lpad", "rpad"};

// error(...) when `too_long` holds, otherwise `count`.
std::string Capped(std::string_view function, const std::string& too_long, const std::string& count,
                   const std::string& size, int64_t max_chars) {
  return "CASE WHEN " + too_long + " THEN error('" + std::string(function) +
         ": the result would have ' || (" + size + ")::HUGEINT || ' characters, more than " +
         std::to_string(max_chars) + " allowed in one value') ELSE " + count + " END";
}

}  // namespace

bool IsSizeGuardedFunction(std::string_view name) {
  for (std::string_view guarded : kGuarded) {
    if (name == guarded) return true;
  }
  return false;
}

Status InstallScalarGuards(Connection& conn, int64_t max_chars) {
  const std::string cap = std::to_string(max_chars);
  LH_RETURN_IF_ERROR(
      conn.Execute("CREATE OR REPLACE MACRO main.repeat(s, n) AS system.main.repeat(s, " +
                   Capped("repeat", "n > " + cap + " // greatest(length(s), 1)", "n",
                          "n::HUGEINT * length(s)", max_chars) +
                   ")"));
  for (std::string_view pad : {"lpad", "rpad"}) {
    const std::string name(pad);
    LH_RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE MACRO main." + name +
                                    "(s, n, fill) AS system.main." + name + "(s, " +
                                    Capped(name, "n > " + cap, "n", "n", max_chars) + ", fill)"));
  }
  return Status::Ok();
}

}  // namespace lakehouse
