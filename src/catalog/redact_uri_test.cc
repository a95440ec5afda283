#include "catalog/redact_uri.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

struct RedactCase {
  const char* input;
  const char* expected;
};

class RedactUriTest : public ::testing::TestWithParam<RedactCase> {};

TEST_P(RedactUriTest, Redacts) {
  EXPECT_EQ(RedactUri(GetParam().input), GetParam().expected) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RedactUriTest,
    ::testing::Values(
        RedactCase{"postgres://alice:s3cret@db.example.com:5432/sales",
                   "postgres://alice:***@db.example.com:5432/sales"},
        RedactCase{"postgres://alice:p@ss@db:5432/x", "postgres://alice:***@db:5432/x"},
        RedactCase{"mysql://bob@db/x", "mysql://bob@db/x"},
        RedactCase{"s3://bucket/path/file.parquet", "s3://bucket/path/file.parquet"},
        RedactCase{"https://host/p?user=a&password=hunter2&x=1",
                   "https://host/p?user=a&password=***&x=1"},
        RedactCase{"host=db user=me password=secret dbname=x",
                   "host=db user=me password=*** dbname=x"},
        RedactCase{"host=db password='a b c' port=5", "host=db password=*** port=5"},
        RedactCase{"Server=x;Database=y;Uid=u;Pwd=abc;", "Server=x;Database=y;Uid=u;Pwd=***;"},
        RedactCase{"PASSWORD = xyz", "PASSWORD = ***"},
        RedactCase{"https://u:p@h/?token=abc", "https://u:***@h/?token=***"},
        RedactCase{"file:///data/users.csv", "file:///data/users.csv"},
        RedactCase{"postgres://h/db?mypassword=keep", "postgres://h/db?mypassword=keep"},
        RedactCase{"", ""}));

}  // namespace
}  // namespace lakehouse
