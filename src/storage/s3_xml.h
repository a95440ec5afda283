// The XML documents of the S3 API this store uses: error bodies, ListObjectsV2 pages,
// CreateMultipartUpload answers (read with libxml2) and the CompleteMultipartUpload request.
//
// Thread-safety: stateless functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lakehouse {

struct S3ErrorBody {
  std::string code;  // "SignatureDoesNotMatch", "NoSuchKey", …; "" when the body has none
  std::string message;
};

struct S3ListedObject {
  std::string key;
  int64_t size_bytes = 0;
  int64_t modified_micros = 0;
  std::string etag;
};

struct S3ListPage {
  std::vector<S3ListedObject> objects;
  bool truncated = false;
  std::string next_continuation_token;
};

// Never fails: an unparseable body gives empty fields.
S3ErrorBody ParseS3Error(std::string_view xml);
// UPSTREAM_ERROR when the body is not a ListBucketResult.
Result<S3ListPage> ParseListObjectsV2(std::string_view xml);
// The UploadId of an InitiateMultipartUploadResult; UPSTREAM_ERROR when absent.
Result<std::string> ParseUploadId(std::string_view xml);
// <CompleteMultipartUpload> naming parts 1..N with these ETags.
std::string CompleteMultipartUploadXml(const std::vector<std::string>& etags);
// "2026-12-07T21:41:08.123Z" → epoch microseconds; 0 when malformed.
int64_t ParseIso8601Micros(std::string_view text);

}  // namespace lakehouse
