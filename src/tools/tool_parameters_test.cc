// Tool definitions, argument checking and SQL template binding (issue 21): values stay bound
// parameters whatever they contain, identifiers come only from an enum.
#include "tools/tool_parameters.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

ToolDefinition Tool(const Json& json) {
  Result<ToolDefinition> tool = ToolDefinitionFromJson(json);
  EXPECT_TRUE(tool.ok()) << tool.status().ToString();
  return tool.ok() ? *tool : ToolDefinition();
}

Json CandidatesTool() {
  return {{"name", "find_candidates"},
          {"description", "candidates in a city"},
          {"sql",
           "SELECT name, city FROM candidates WHERE city = $city AND years >= $min_years "
           "ORDER BY {{order_by}} LIMIT 10"},
          {"parameters",
           {{"city", {{"type", "string"}, {"required", true}, {"maxLength", 40}}},
            {"min_years", {{"type", "integer"}, {"minimum", 0}, {"maximum", 50}, {"default", 0}}},
            {"order_by", {{"type", "string"}, {"enum", {"name", "years"}}, {"default", "name"}}}}}};
}

TEST(ToolDefinition, RoundTripsThroughJson) {
  ToolDefinition tool = Tool(CandidatesTool());
  EXPECT_EQ(tool.kind, ToolKind::kSql);
  ASSERT_EQ(tool.parameters.size(), 3u);
  Result<ToolDefinition> again = ToolDefinitionFromJson(ToolDefinitionToJson(tool));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(ToolDefinitionToJson(*again), ToolDefinitionToJson(tool));
  Json schema = ToolInputSchema(tool);
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["required"], Json::array({"city"}));
  EXPECT_EQ(schema["properties"]["order_by"]["enum"], Json::array({"name", "years"}));
}

TEST(ToolDefinition, RefusesBadShapes) {
  auto bad = [](Json json) { return !ToolDefinitionFromJson(json).ok(); };
  Json base = CandidatesTool();
  Json j = base;
  j["name"] = "Bad Name";
  EXPECT_TRUE(bad(j));
  j = base;
  j["parameters"]["city"]["type"] = "date";
  EXPECT_TRUE(bad(j));
  j = base;
  j["parameters"]["min_years"]["default"] = "ten";
  EXPECT_TRUE(bad(j));
  j = base;
  j["parameters"]["min_years"]["minimum"] = 60;
  EXPECT_TRUE(bad(j));
  j = base;
  j["unknown"] = 1;
  EXPECT_TRUE(bad(j));
  j = base;
  j["permission"] = "root";
  EXPECT_TRUE(bad(j));
  j = base;
  j["max_rows"] = 0;
  EXPECT_TRUE(bad(j));
  EXPECT_TRUE(bad({{"name", "s"}, {"description", "d"}, {"kind", "search"}}));  // no index
}

TEST(SqlTemplate, FindsPlaceholdersOutsideLiteralsAndComments) {
  Result<SqlTemplate> parsed = ParseSqlTemplate(
      "SELECT '$not_me', \"$nor_me\" FROM t -- $comment\n WHERE a = $a /* $c */ AND b = $b "
      "AND a2 = $a ORDER BY {{ col }}");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->value_params, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parsed->identifier_params, (std::vector<std::string>{"col"}));
  EXPECT_FALSE(ParseSqlTemplate("SELECT $1").ok());
  EXPECT_FALSE(ParseSqlTemplate("SELECT $$x$$").ok());
  EXPECT_FALSE(ParseSqlTemplate("SELECT 'open").ok());
  EXPECT_FALSE(ParseSqlTemplate("SELECT {{x").ok());
  EXPECT_FALSE(ParseSqlTemplate("SELECT {{x; drop}}").ok());
}

TEST(SqlTemplate, ChecksPlaceholdersAgainstParameters) {
  ToolDefinition tool = Tool(CandidatesTool());
  ASSERT_TRUE(CheckSqlTemplate(tool, *ParseSqlTemplate(tool.sql)).ok());
  tool.sql = "SELECT * FROM t WHERE x = $undeclared";
  EXPECT_FALSE(CheckSqlTemplate(tool, *ParseSqlTemplate(tool.sql)).ok());
  tool.sql = "SELECT * FROM t ORDER BY {{city}}";  // no enum: never an identifier
  Status s = CheckSqlTemplate(tool, *ParseSqlTemplate(tool.sql));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("enum"), std::string::npos) << s.ToString();
}

TEST(ToolArguments, AreCheckedAndCompleted) {
  ToolDefinition tool = Tool(CandidatesTool());
  Result<Json> resolved = ResolveArguments(tool, {{"city", "Chicago"}});
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(*resolved, (Json{{"city", "Chicago"}, {"min_years", 0}, {"order_by", "name"}}));
  auto fails = [&](const Json& args, const std::string& mentions) {
    Result<Json> r = ResolveArguments(tool, args);
    EXPECT_FALSE(r.ok()) << args.dump();
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(r.status().message().find(mentions), std::string::npos) << r.status().ToString();
    }
  };
  fails(Json::object(), "'city' is required");
  fails({{"city", 7}}, "'city' must be a string");
  fails({{"city", "x"}, {"min_years", "3"}}, "must be an integer");
  fails({{"city", "x"}, {"min_years", 3.5}}, "must be an integer");
  fails({{"city", "x"}, {"min_years", 51}}, "above");
  fails({{"city", "x"}, {"min_years", -1}}, "below");
  fails({{"city", std::string(41, 'x')}}, "longer");
  fails({{"city", "x"}, {"order_by", "salary"}}, "must be one of");
  fails({{"city", "x"}, {"extra", 1}}, "no parameter 'extra'");
  fails({{"city", std::string("a\0b", 3)}}, "NUL");
  fails(Json::array({1}), "JSON object");
  // 3.0 is an integer.
  EXPECT_EQ((*ResolveArguments(tool, {{"city", "x"}, {"min_years", 3.0}}))["min_years"], 3);
}

TEST(ToolArguments, InjectionAttemptsStayBoundValues) {
  ToolDefinition tool = Tool(CandidatesTool());
  const std::string attack = "x' OR 1=1; DROP TABLE candidates; --";
  Result<Json> resolved = ResolveArguments(tool, {{"city", attack}, {"order_by", "years"}});
  ASSERT_TRUE(resolved.ok());
  Result<BoundSql> bound = BindSqlTemplate(tool, *resolved);
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  EXPECT_EQ(bound->sql,
            "SELECT name, city FROM candidates WHERE city = $city AND years >= $min_years "
            "ORDER BY \"years\" LIMIT 10");
  EXPECT_EQ(bound->sql.find("DROP"), std::string::npos);
  EXPECT_EQ(bound->params, (Json{{"city", attack}, {"min_years", 0}}));
  // An identifier outside the enum never reaches the text, even if resolution were bypassed.
  Json forged = *resolved;
  forged["order_by"] = "name; DROP TABLE candidates";
  EXPECT_FALSE(BindSqlTemplate(tool, forged).ok());
}

}  // namespace
}  // namespace lakehouse
