#include "sql/scalar_guards.h"

#include <array>
#include <string>

namespace lakehouse {
namespace {

constexpr std::array<std::string_view, 8> kGuarded = {
    "repeat", "lpad", "rpad", "range", "generate_series", "printf", "format", "replace"};

// printf and format are variadic; macros are not, so they are shadowed by one overload per
// argument count up to this many values after the format string (more → a binder error).
constexpr int kMaxFormatArgs = 16;

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

// printf(fmt, ...) and format(fmt, ...): what a call adds beyond its arguments is bounded by
// the widths and precisions written in `fmt`, so their sum is capped; widths or precisions taken
// from an argument (printf's `*`, format's `{:{}}`) are refused. `spec` matches one format
// specification, `dynamic` one whose width comes from an argument.
std::string FormatMacro(const std::string& name, const std::string& spec,
                        const std::string& dynamic, int64_t max_chars) {
  const std::string widths =
      "coalesce(list_sum(try_cast(regexp_extract_all(array_to_string(regexp_extract_all(fmt, '" +
      spec + "'), ' '), '[0-9]+') AS DOUBLE[])), 0)";
  const std::string checked = "CASE WHEN regexp_matches(fmt, '" + dynamic + "') THEN error('" +
                              name +
                              ": widths and precisions taken from an argument are not allowed') "
                              "ELSE " +
                              Capped(name, widths, "fmt", max_chars) + " END";
  std::string sql =
      "CREATE OR REPLACE MACRO main." + name + "(fmt) AS system.main." + name + "(" + checked + ")";
  std::string params;
  for (int i = 1; i <= kMaxFormatArgs; ++i) {
    params += ", a" + std::to_string(i);
    sql += ", (fmt" + params + ") AS system.main." + name + "(" + checked + params + ")";
  }
  return sql;
}

// replace(s, from, to): the result grows by length(to) - length(from) per occurrence. A cheap
// upper bound lets ordinary calls through; past the cap the occurrences are counted exactly
// (replacing them with '' only shrinks the string).
std::string ReplaceMacro(int64_t max_chars) {
  const std::string cap = std::to_string(max_chars);
  const std::string bound = "length(s)::HUGEINT + (length(s) // length(f)) * length(t)";
  const std::string exact =
      "length(s)::HUGEINT + ((length(s) - length(system.main.replace(s, f, ''))) // length(f)) "
      "* (length(t) - length(f))";
  const std::string size =
      "CASE WHEN length(f) = 0 OR " + bound + " <= " + cap + " THEN 0 ELSE " + exact + " END";
  return "CREATE OR REPLACE MACRO main.replace(s, f, t) AS system.main.replace(s, f, " +
         Capped("replace", size, "t", max_chars) + ")";
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
  LH_RETURN_IF_ERROR(
      conn.Execute(FormatMacro("printf", "%[^a-zA-Z%]*", "%[^a-zA-Z%]*[*]", max_chars)));
  LH_RETURN_IF_ERROR(
      conn.Execute(FormatMacro("format", "[{][^{}]*[}]", "[{][^{}]*:[^{}]*[{]", max_chars)));
  LH_RETURN_IF_ERROR(conn.Execute(ReplaceMacro(max_chars)));
  return Status::Ok();
}

}  // namespace lakehouse
