#include "catalog/schema_fingerprint.h"

#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"

namespace lakehouse {
namespace {

using testing::MakeColumn;

TEST(SchemaFingerprintTest, ExactByteFormat) {
  std::vector<Column> columns = {MakeColumn("id", "BIGINT"), MakeColumn("email", "varchar")};
  EXPECT_EQ(SchemaFingerprintBytes(columns), "2:id6:BIGINT\n5:email7:VARCHAR\n");
  EXPECT_EQ(SchemaFingerprint(columns),
            "80aa2d926d6e818ce0980e56bb443bf36439d31d92539d349c63b55f401a6249");
}

TEST(SchemaFingerprintTest, EmptySchemaHashesEmptyString) {
  EXPECT_EQ(SchemaFingerprint({}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SchemaFingerprintTest, TypeCaseAndWhitespaceDoNotMatter) {
  EXPECT_EQ(SchemaFingerprint({MakeColumn("a", " decimal(10,2) ")}),
            SchemaFingerprint({MakeColumn("a", "DECIMAL(10,2)")}));
}

TEST(SchemaFingerprintTest, OrderNamesAndTypesMatter) {
  auto base = SchemaFingerprint({MakeColumn("a", "INT"), MakeColumn("b", "INT")});
  EXPECT_NE(base, SchemaFingerprint({MakeColumn("b", "INT"), MakeColumn("a", "INT")}));
  EXPECT_NE(base, SchemaFingerprint({MakeColumn("a", "INT"), MakeColumn("b", "BIGINT")}));
  EXPECT_NE(base, SchemaFingerprint({MakeColumn("A", "INT"), MakeColumn("b", "INT")}));
}

TEST(SchemaFingerprintTest, LengthPrefixesPreventAmbiguity) {
  // Without length prefixes "ab"+"c" and "a"+"bc" style splits could collide.
  EXPECT_NE(SchemaFingerprint({MakeColumn("a:1", "B")}),
            SchemaFingerprint({MakeColumn("a", "1B")}));
}

TEST(SchemaFingerprintTest, IgnoresNonStructuralMetadata) {
  Column described = MakeColumn("id", "BIGINT");
  described.description = "primary id";
  described.nullable = false;
  described.sensitivity_override = Sensitivity::kRestricted;
  EXPECT_EQ(SchemaFingerprint({described}), SchemaFingerprint({MakeColumn("id", "BIGINT")}));
}

}  // namespace
}  // namespace lakehouse
