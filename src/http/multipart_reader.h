// MultipartReader: a streaming multipart/form-data parser (RFC 7578 over RFC 2046's multipart
// syntax) fed with the raw request body in chunks of any size. It reports each part's headers,
// then the part's content as views into the fed bytes, without holding the body in memory.
//
//   MultipartReader reader(boundary, on_part, on_chunk);
//   while (body chunk arrives) RETURN_IF_ERROR(reader.Feed(chunk));
//   RETURN_IF_ERROR(reader.Finish());  // the closing boundary must have been seen
//
// The content is scanned for the delimiter ("\r\n--" + boundary) with memchr on '\r', so bodies
// without carriage returns pass at memory speed; a delimiter split across two chunks is carried
// over (at most the delimiter's length is ever copied). Rules:
//   - the preamble before the first boundary line and the epilogue after the closing one are
//     ignored; the first boundary line may start the body or follow a CRLF;
//   - a boundary line may carry trailing spaces or tabs ("transport padding") before its CRLF;
//     any other byte after the boundary is an error;
//   - each part needs `Content-Disposition: form-data; name=...`; `filename` may be a token or a
//     quoted string (backslash escapes honoured), `filename*=UTF-8''...` (RFC 5987) wins over it;
//     header names are case-insensitive; unknown headers are ignored; a line starting with a
//     space or tab continues the previous header (obsolete folding);
//   - a part's headers are capped at kMaxHeaderBytes.
// Errors are INVALID_ARGUMENT with a reason ("multipart body ended before its closing boundary").
// A callback returning false stops the parse with CANCELLED; the caller knows why.
//
// Thread-safety: externally synchronised (one request).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/http_types.h"

namespace lakehouse {

class MultipartReader {
 public:
  using PartHandler = std::function<bool(const MultipartPartHeader&)>;

  static constexpr size_t kMaxHeaderBytes = 16 * 1024;

  // The boundary parameter of a `multipart/form-data` Content-Type (token or quoted string,
  // 1–70 characters). INVALID_ARGUMENT for another media type or a missing/invalid boundary.
  static Result<std::string> BoundaryOf(std::string_view content_type);

  // `boundary` must be non-empty (see BoundaryOf). The callbacks must outlive the reader.
  MultipartReader(std::string boundary, PartHandler on_part, BodyChunkSink on_chunk);

  // Parses the next body bytes. Once an error was returned, every later call returns it again.
  Status Feed(std::string_view bytes);
  // INVALID_ARGUMENT unless the closing boundary ("--boundary--") has been seen.
  Status Finish();

  // Parts whose headers were reported so far.
  int64_t parts() const { return parts_; }

 private:
  enum class State { kPreamble, kAfterBoundary, kHeaders, kBody, kEpilogue, kFailed };

  // Consumes a prefix of `data` and returns its length; stops early when the rest may be the
  // start of something longer (a split delimiter, an unfinished header line).
  size_t Parse(std::string_view data);
  size_t ParsePreamble(std::string_view data);
  size_t ParseAfterBoundary(std::string_view data);
  size_t ParseHeaders(std::string_view data);
  size_t ParseBody(std::string_view data);
  // Position of the delimiter in `data`, or of a suffix of `data` that is a prefix of it
  // (*complete = false), or data.size().
  size_t FindDelimiter(std::string_view data, bool* complete) const;
  // Applies one complete header line of the current part.
  void HeaderLine(std::string_view line);
  // Validates the collected headers and reports the part.
  void StartPart();
  void Fail(Status status);

  std::string delimiter_;  // "\r\n--" + boundary
  PartHandler on_part_;
  BodyChunkSink on_chunk_;
  State state_ = State::kPreamble;
  Status error_;
  std::string carry_;  // unconsumed bytes from earlier Feeds (short)
  size_t header_bytes_ = 0;
  std::string disposition_;  // the current part's raw headers of interest
  std::string content_type_;
  std::string ignored_;                 // stands for headers we do not keep
  std::string* last_header_ = nullptr;  // for folded continuation lines
  int64_t parts_ = 0;
};

}  // namespace lakehouse
