#include "http/status_mapping.h"

#include <gtest/gtest.h>

#include "common/status_detail.h"

namespace lakehouse {
namespace {

TEST(StatusMappingTest, CodesMapToHttp) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInsufficientStorage), 507);  // every disk-full path
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUpstreamError), 502);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kDeadlineExceeded), 504);
}

TEST(StatusMappingTest, ErrorBodyShape) {
  HttpResponse r = ErrorResponse(NotFound("dataset 'x' does not exist"), "req-1");
  EXPECT_EQ(r.status, 404);
  auto body = ParseJson(r.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["error"]["code"], "NOT_FOUND");
  EXPECT_EQ((*body)["error"]["message"], "dataset 'x' does not exist");
  EXPECT_EQ((*body)["error"]["request_id"], "req-1");
}

TEST(StatusMappingTest, DetailIsRenderedBesideTheError) {
  HttpResponse r = ErrorResponse(
      WithDetail(Conflict("schema changed"), "schema_diff", Json{{"compatible", false}}), "req-2");
  EXPECT_EQ(r.status, 409);
  auto body = ParseJson(r.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["error"]["code"], "CONFLICT");
  EXPECT_EQ((*body)["schema_diff"]["compatible"], false);
}

}  // namespace
}  // namespace lakehouse
