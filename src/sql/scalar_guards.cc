#include "sql/scalar_guards.h"

#include <array>
#include <string>

namespace lakehouse {
namespace {

constexpr std::array<std::string_view, 5> kGuarded = {"repeat", "lpad", "rpad", "range",
                                                      "generate_series"};

// `value` unless `size` (the size of the result, a SQL expression) exceeds `max_chars`, which
// raises an error naming `function` and the size instead.
std::string Capped(std::string_view function, const std::string& size, const std::string& value,
                   int64_t max_chars, std::string_view unit = "characters") {
  const std::string cap = std::to_string(max_chars);
  return "CASE WHEN (" + size + ") > " + cap + " THEN error('" + std::string(function) +
         ": the result would have ' || (" + size + ")::HUGEINT || ' " + std::string(unit) +
         ", more than " + cap + " allowed in one value') ELSE " + value + " END";
}

// A numeric argument as DOUBLE, NULL when it is not a number (a TIMESTAMP or INTERVAL), so one
// macro body binds for every overload of the built-in.
std::string Number(const std::string& arg) { return "try_cast(" + arg + "::VARCHAR AS DOUBLE)"; }

// The macros: range and generate_series take BIGINTs (1–3 arguments) or TIMESTAMP[TZ]s with an
// INTERVAL step; the length estimate of the other kind is NULL, which passes.
std::string ListMacro(const std::string& name, int64_t max_chars) {
  const std::string numeric_steps =
      "abs((" + Number("b") + " - " + Number("a") + ") / " + Number("s") + ")";
  const std::string time_steps =
      "abs((epoch(try_cast(b::VARCHAR AS TIMESTAMP)) - epoch(try_cast(a::VARCHAR AS "
      "TIMESTAMP))) / epoch(try_cast(s::VARCHAR AS INTERVAL)))";
  const std::string builtin = "system.main." + name;
  return "CREATE OR REPLACE MACRO main." + name + "(n) AS " + builtin + "(" +
         Capped(name, Number("n"), "n", max_chars, "elements") + "), (a, b) AS " + builtin +
         "(a, " + Capped(name, Number("b") + " - " + Number("a"), "b", max_chars, "elements") +
         "), (a, b, s) AS " + builtin + "(a, b, " +
         Capped(name, "greatest(" + numeric_steps + ", " + time_steps + ")", "s", max_chars,
                "elements") +
         ")";
}

}  // namespace

bool IsSizeGuardedFunction(std::string_view name) {
  for (std::string_view guarded : kGuarded) {
    if (name == guarded) return true;
  }
  return false;
}

Status InstallScalarGuards(Connection& conn, int64_t max_chars) {
  LH_RETURN_IF_ERROR(conn.Execute(
      "CREATE OR REPLACE MACRO main.repeat(s, n) AS system.main.repeat(s, " +
      Capped("repeat", "n::HUGEINT * length(s)", "n", max_chars, "characters or elements") + ")"));
  for (std::string_view pad : {"lpad", "rpad"}) {
    const std::string name(pad);
    LH_RETURN_IF_ERROR(conn.Execute("CREATE OR REPLACE MACRO main." + name +
                                    "(s, n, fill) AS system.main." + name + "(s, " +
                                    Capped(name, "n", "n", max_chars) + ", fill)"));
  }
  for (const char* list : {"range", "generate_series"}) {
    LH_RETURN_IF_ERROR(conn.Execute(ListMacro(list, max_chars)));
  }
  return Status::Ok();
}

}  // namespace lakehouse
