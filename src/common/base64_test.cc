#include "common/base64.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace lakehouse {
namespace {

TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string("\xAA\xBB", 2)), "qrs=");
  EXPECT_EQ(Base64Encode(std::string("\xFB\xFF", 2)), "+/8=");
}

TEST(Base64Test, DecodesWhatItEncodes) {
  std::mt19937 rng(7);
  for (size_t n = 0; n < 70; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    std::optional<std::string> back = Base64Decode(Base64Encode(bytes));
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, bytes) << n;
  }
}

TEST(Base64Test, RejectsNonCanonicalInput) {
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm9v\n", " Zm9v", "Zm-v",
                          "Zm_v", "Zm9vY", "Zh==", "Zm9=", "Zm=v", "=m9v"}) {
    EXPECT_FALSE(Base64Decode(bad).has_value()) << bad;
  }
  EXPECT_EQ(Base64Decode("").value(), "");
  EXPECT_EQ(Base64Decode("Zm9vYmE=").value(), "fooba");
}

TEST(Base64Test, Float32VectorsAreLittleEndianBinary32) {
  const std::vector<float> values = {0.0f, -1.5f, 3.25e-7f, std::numeric_limits<float>::max(),
                                     std::numeric_limits<float>::denorm_min()};
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  std::optional<std::vector<float>> back = DecodeFloat32Base64(Base64Encode(bytes));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, values);
  // 1.0f is 00 00 80 3F in little-endian order.
  EXPECT_EQ(DecodeFloat32Base64("AACAPw==").value(), std::vector<float>{1.0f});
  EXPECT_EQ(DecodeFloat32Base64("").value(), std::vector<float>{});
  // Six bytes are not a whole number of floats.
  EXPECT_FALSE(DecodeFloat32Base64(Base64Encode("abcdef")).has_value());
  EXPECT_FALSE(DecodeFloat32Base64("AACAP===").has_value());
  // Appending keeps what is there; a failure leaves it as it was.
  std::vector<float> row = {5.0f};
  EXPECT_TRUE(AppendFloat32Base64("AACAPw==", &row));
  EXPECT_EQ(row, (std::vector<float>{5.0f, 1.0f}));
  EXPECT_FALSE(AppendFloat32Base64("AACAPw", &row));
  EXPECT_EQ(row, (std::vector<float>{5.0f, 1.0f}));
  // Values are not judged here: a NaN decodes (the search checks finiteness).
  EXPECT_TRUE(std::isnan(DecodeFloat32Base64("AADAfw==").value()[0]));
}

}  // namespace
}  // namespace lakehouse
