// End-to-end: GET /system/config (issue 22's System page) against the real binary — the effective
// configuration (a value from the environment wins over the default), admins only (401 without a
// key, 403 for an analyst), and no secret in the answer: not the bootstrap API key, not the
// OpenAI key, not a password inside a URL, not a key created at run time.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcess;

constexpr char kAdminKey[] = "lh_config_e2e_admin_key_7f3a";
constexpr char kOpenAiKey[] = "sk-config-e2e-secret-91c2";
constexpr char kUrlPassword[] = "ollama-pass-5d8e";

TEST(SystemConfigE2E, AdminsSeeTheEffectiveConfigWithSecretsRedacted) {
  auto started =
      ServerProcess::Start({.env = {{"LAKEHOUSE_AI_OPENAI_API_KEY", kOpenAiKey},
                                    {"LAKEHOUSE_AI_OLLAMA_URL", std::string("http://lakehouse:") +
                                                                    kUrlPassword + "@127.0.0.1:9/"},
                                    {"LAKEHOUSE_SQL_QUERY_TIMEOUT_MS", "12345"}},
                            .api_key = kAdminKey});
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  ServerProcess& s = **started;
  auto created =
      s.client().PostJson("/access/keys", {{"principal", "ana"}, {"roles", {"analyst"}}});
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string analyst_key = Body(created)["key"];

  auto r = s.client().Get("/system/config");
  ASSERT_EQ(r->status, 200) << r->body;
  const Json config = Body(r)["config"];
  EXPECT_EQ(config["sql"]["query_timeout_ms"], 12345) << "the environment's value";
  EXPECT_EQ(config["sql"]["max_query_timeout_ms"], 600000) << "a default";
  EXPECT_EQ(config["server"]["api_keys"], Json::array({"***"})) << "how many, not which";
  EXPECT_EQ(config["ai"]["openai_api_key"], "***");
  EXPECT_EQ(config["ai"]["ollama_url"], "http://***@127.0.0.1:9/");
  EXPECT_NE(Body(r)["redacted"].dump().find("server.api_keys"), std::string::npos) << r->body;
  for (const std::string& secret :
       {std::string(kAdminKey), std::string(kOpenAiKey), std::string(kUrlPassword), analyst_key}) {
    EXPECT_EQ(r->body.find(secret), std::string::npos) << "leaked " << secret << ": " << r->body;
  }

  auto anonymous = s.ClientWithKey("")->Get("/system/config");
  EXPECT_EQ(anonymous->status, 401) << anonymous->body;
  auto analyst = s.ClientWithKey(analyst_key)->Get("/system/config");
  EXPECT_EQ(analyst->status, 403) << analyst->body;
  EXPECT_EQ(Body(analyst)["error"]["code"], "PERMISSION_DENIED") << analyst->body;
  EXPECT_EQ(analyst->body.find("12345"), std::string::npos) << "nothing of the config";
}

}  // namespace
}  // namespace lakehouse
