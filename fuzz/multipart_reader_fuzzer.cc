// MultipartReader: the parts (or the error) do not depend on how the body is cut into chunks —
// whole, split at a fuzzer-chosen offset, or one byte at a time must agree — and a parse stops
// with INVALID_ARGUMENT, never a crash. Input: mode byte, two cut bytes, boundary line, body.
// Mode bit 0 instead feeds the line to BoundaryOf (a Content-Type header value).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "http/multipart_reader.h"

namespace {

using namespace lakehouse;

struct Outcome {
  std::vector<std::string> parts;  // name, filename, content type and content, joined
  std::string error;
  bool operator==(const Outcome&) const = default;
};

Outcome Parse(const std::string& boundary, std::string_view body, const std::vector<size_t>& cuts) {
  Outcome out;
  MultipartReader reader(
      boundary,
      [&](const MultipartPartHeader& h) {
        out.parts.push_back(h.name + '\0' + h.filename + '\0' + h.content_type + '\0');
        return true;
      },
      [&](std::string_view chunk) {
        LH_FUZZ_CHECK(!out.parts.empty());
        out.parts.back().append(chunk);
        return true;
      });
  Status s = fuzz::FeedInPieces(reader, body, cuts);
  if (!s.ok()) {
    LH_FUZZ_CHECK(s.code() == StatusCode::kInvalidArgument);
    out.error = s.message();
  }
  LH_FUZZ_CHECK(reader.parts() == static_cast<int64_t>(out.parts.size()));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const uint8_t mode = in.Byte();
  const size_t cut = in.Byte() * 256u + in.Byte();
  const std::string_view line = in.Until('\n');
  if (mode & 1) {
    Result<std::string> boundary = MultipartReader::BoundaryOf(line);
    if (boundary.ok()) LH_FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70);
    return 0;
  }
  const std::string boundary = line.empty() ? std::string("b") : std::string(line);
  const std::string_view body = in.Rest();
  const Outcome whole = Parse(boundary, body, {});
  LH_FUZZ_CHECK(Parse(boundary, body, {body.empty() ? 0 : cut % (body.size() + 1)}) == whole);
  if (body.size() <= 4096) {
    std::vector<size_t> every;
    for (size_t i = 1; i < body.size(); ++i) every.push_back(i);
    LH_FUZZ_CHECK(Parse(boundary, body, every) == whole);
  }
  return 0;
}
