#include "http/multipart_reader.h"

#include <strings.h>

#include <cstring>
#include <utility>
#include <vector>

#include "http/path_pattern.h"

namespace lakehouse {
namespace {

constexpr size_t kMaxBoundaryChars = 70;  // RFC 2046 §5.1.1

using Params = std::vector<std::pair<std::string, std::string>>;

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Splits `type; key=value; key="quoted value"` (Content-Type, Content-Disposition). Keys are
// returned as written. Inside a quoted value a backslash escapes only '"' and '\' — browsers send
// Windows paths with bare backslashes, curl escapes the quote and the backslash. False when
// malformed (unterminated quote, a parameter without '=', junk after a quoted value).
bool SplitParams(std::string_view s, std::string_view* type, Params* params) {
  size_t semi = s.find(';');
  *type = Trim(s.substr(0, semi));
  if (semi == std::string_view::npos) return true;
  size_t i = semi + 1;
  const size_t n = s.size();
  while (true) {
    while (i < n && IsSpace(s[i])) ++i;
    if (i >= n) return true;
    if (s[i] == ';') {
      ++i;
      continue;
    }
    size_t eq = s.find_first_of("=;", i);
    if (eq == std::string_view::npos || s[eq] != '=') return false;
    std::string_view key = Trim(s.substr(i, eq - i));
    if (key.empty()) return false;
    i = eq + 1;
    while (i < n && IsSpace(s[i])) ++i;
    std::string value;
    if (i < n && s[i] == '"') {
      ++i;
      while (i < n && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        value.push_back(s[i++]);
      }
      if (i >= n) return false;
      ++i;  // the closing quote
      while (i < n && IsSpace(s[i])) ++i;
      if (i < n && s[i] != ';') return false;
    } else {
      size_t end = s.find(';', i);
      value = std::string(Trim(s.substr(i, end == std::string_view::npos ? n - i : end - i)));
      i = end == std::string_view::npos ? n : end;
    }
    params->emplace_back(std::string(key), std::move(value));
  }
}

const std::string* FindParam(const Params& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (IEquals(k, key)) return &v;
  }
  return nullptr;
}

// RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 is accepted.
bool DecodeExtValue(std::string_view ext, std::string* out) {
  size_t q1 = ext.find('\'');
  if (q1 == std::string_view::npos) return false;
  size_t q2 = ext.find('\'', q1 + 1);
  if (q2 == std::string_view::npos || !IEquals(ext.substr(0, q1), "UTF-8")) return false;
  return PercentDecode(ext.substr(q2 + 1), out);
}

}  // namespace

Result<std::string> MultipartReader::BoundaryOf(std::string_view content_type) {
  std::string_view type;
  Params params;
  if (!SplitParams(content_type, &type, &params)) {
    return InvalidArgument("malformed Content-Type '", std::string(content_type), "'");
  }
  if (!IEquals(type, "multipart/form-data")) {
    return InvalidArgument("expected a multipart/form-data body, got Content-Type '",
                           std::string(content_type), "'");
  }
  const std::string* boundary = FindParam(params, "boundary");
  if (boundary == nullptr || boundary->empty()) {
    return InvalidArgument("multipart/form-data Content-Type without a boundary parameter");
  }
  if (boundary->size() > kMaxBoundaryChars ||
      boundary->find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument("invalid multipart boundary (1 to 70 characters, no line breaks)");
  }
  return *boundary;
}

MultipartReader::MultipartReader(std::string boundary, PartHandler on_part, BodyChunkSink on_chunk)
    : delimiter_("\r\n--" + boundary),
      on_part_(std::move(on_part)),
      on_chunk_(std::move(on_chunk)),
      // The first boundary line may open the body without a CRLF before it: pretend there was one,
      // so one delimiter search serves the first boundary and all later ones.
      carry_("\r\n") {}

Status MultipartReader::Feed(std::string_view bytes) {
  if (state_ == State::kFailed) return error_;
  if (carry_.empty()) {
    // Common case: parse the caller's bytes in place and keep only an unfinished tail.
    size_t used = Parse(bytes);
    if (state_ != State::kFailed) carry_.assign(bytes.substr(used));
  } else {
    carry_.append(bytes);
    size_t used = Parse(carry_);
    if (state_ != State::kFailed) carry_.erase(0, used);
  }
  return state_ == State::kFailed ? error_ : Status::Ok();
}

Status MultipartReader::Finish() {
  if (state_ == State::kFailed) return error_;
  if (state_ == State::kEpilogue) return Status::Ok();
  const char* where = state_ == State::kPreamble ? " (no boundary line found)"
                      : state_ == State::kBody   ? " (inside a part's content)"
                                                 : " (inside a boundary line or part headers)";
  Fail(InvalidArgument("multipart body ended before its closing boundary", where));
  return error_;
}

void MultipartReader::Fail(Status status) {
  error_ = std::move(status);
  state_ = State::kFailed;
}

size_t MultipartReader::Parse(std::string_view data) {
  size_t pos = 0;
  while (state_ != State::kFailed) {
    std::string_view rest = data.substr(pos);
    State before = state_;
    size_t used = 0;
    switch (state_) {
      case State::kPreamble:
        used = ParsePreamble(rest);
        break;
      case State::kAfterBoundary:
        used = ParseAfterBoundary(rest);
        break;
      case State::kHeaders:
        used = ParseHeaders(rest);
        break;
      case State::kBody:
        used = ParseBody(rest);
        break;
      case State::kEpilogue:
        used = rest.size();
        break;
      case State::kFailed:
        break;
    }
    pos += used;
    if (pos >= data.size() || (used == 0 && state_ == before)) break;
  }
  return pos;
}

size_t MultipartReader::FindDelimiter(std::string_view data, bool* complete) const {
  const char* base = data.data();
  const size_t n = data.size();
  const size_t d = delimiter_.size();
  *complete = false;
  size_t from = 0;
  while (from < n) {
    const void* hit = std::memchr(base + from, '\r', n - from);
    if (hit == nullptr) return n;
    size_t at = static_cast<size_t>(static_cast<const char*>(hit) - base);
    size_t avail = n - at;
    if (avail >= d) {
      if (std::memcmp(base + at, delimiter_.data(), d) == 0) {
        *complete = true;
        return at;
      }
    } else if (std::memcmp(base + at, delimiter_.data(), avail) == 0) {
      return at;  // may be a delimiter cut by the end of the chunk
    }
    from = at + 1;
  }
  return n;
}

size_t MultipartReader::ParsePreamble(std::string_view data) {
  bool complete = false;
  size_t at = FindDelimiter(data, &complete);
  if (!complete) return at;  // the preamble is dropped; a possible partial delimiter is kept
  state_ = State::kAfterBoundary;
  return at + delimiter_.size();
}

size_t MultipartReader::ParseAfterBoundary(std::string_view data) {
  size_t padding = 0;
  while (padding < data.size() && IsSpace(data[padding])) ++padding;
  if (padding > 0) return padding;  // transport padding (RFC 2046) before the line ends
  if (data.empty()) return 0;
  if (data[0] != '-' && data[0] != '\r') {
    Fail(InvalidArgument("malformed multipart body: unexpected bytes after a boundary"));
    return 0;
  }
  if (data.size() < 2) return 0;
  if (data[0] == '-' && data[1] == '-') {
    state_ = State::kEpilogue;  // the closing boundary; whatever follows is ignored
    return 2;
  }
  if (data[0] == '\r' && data[1] == '\n') {
    state_ = State::kHeaders;
    header_bytes_ = 0;
    disposition_.clear();
    content_type_.clear();
    last_header_ = nullptr;
    return 2;
  }
  Fail(InvalidArgument("malformed multipart body: unexpected bytes after a boundary"));
  return 0;
}

size_t MultipartReader::ParseHeaders(std::string_view data) {
  size_t pos = 0;
  while (state_ == State::kHeaders) {
    size_t eol = data.find("\r\n", pos);
    size_t line_bytes = eol == std::string_view::npos ? data.size() - pos : eol - pos + 2;
    if (header_bytes_ + line_bytes > kMaxHeaderBytes) {
      Fail(InvalidArgument("multipart part headers exceed ", std::to_string(kMaxHeaderBytes),
                           " bytes"));
      break;
    }
    if (eol == std::string_view::npos) break;  // wait for the rest of the line
    header_bytes_ += line_bytes;
    std::string_view line = data.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.empty()) {
      StartPart();
    } else {
      HeaderLine(line);
    }
  }
  return pos;
}

void MultipartReader::HeaderLine(std::string_view line) {
  for (char c : line) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
      Fail(InvalidArgument("malformed multipart part header: control character"));
      return;
    }
  }
  if (IsSpace(line.front())) {  // obsolete line folding: continues the previous header
    if (last_header_ == nullptr) {
      Fail(InvalidArgument("malformed multipart part header: continuation without a header"));
      return;
    }
    if (last_header_ != &ignored_) *last_header_ += " " + std::string(Trim(line));
    return;
  }
  size_t colon = line.find(':');
  std::string_view name = colon == std::string_view::npos ? "" : Trim(line.substr(0, colon));
  if (name.empty()) {
    Fail(
        InvalidArgument("malformed multipart part header '", std::string(line.substr(0, 80)), "'"));
    return;
  }
  std::string_view value = Trim(line.substr(colon + 1));
  if (IEquals(name, "Content-Disposition")) {
    if (!disposition_.empty()) {
      Fail(InvalidArgument("a multipart part has two Content-Disposition headers"));
      return;
    }
    disposition_ = std::string(value);
    last_header_ = &disposition_;
  } else if (IEquals(name, "Content-Type")) {
    content_type_ = std::string(value);
    last_header_ = &content_type_;
  } else {
    last_header_ = &ignored_;
  }
}

void MultipartReader::StartPart() {
  if (disposition_.empty()) {
    Fail(InvalidArgument("a multipart part has no Content-Disposition header"));
    return;
  }
  std::string_view type;
  Params params;
  if (!SplitParams(disposition_, &type, &params)) {
    Fail(InvalidArgument("malformed Content-Disposition '", disposition_, "'"));
    return;
  }
  if (!IEquals(type, "form-data")) {
    Fail(InvalidArgument("multipart part is not form-data (Content-Disposition '", disposition_,
                         "')"));
    return;
  }
  const std::string* name = FindParam(params, "name");
  if (name == nullptr) {
    Fail(InvalidArgument("multipart part without a name (Content-Disposition '", disposition_,
                         "')"));
    return;
  }
  MultipartPartHeader part{*name, "", content_type_};
  if (const std::string* filename = FindParam(params, "filename")) part.filename = *filename;
  if (const std::string* ext = FindParam(params, "filename*")) {
    std::string decoded;
    if (DecodeExtValue(*ext, &decoded)) part.filename = std::move(decoded);
  }
  ++parts_;
  state_ = State::kBody;
  if (!on_part_(part)) Fail(Cancelled("multipart body reading stopped by its consumer"));
}

size_t MultipartReader::ParseBody(std::string_view data) {
  bool complete = false;
  size_t at = FindDelimiter(data, &complete);
  if (at > 0 && !on_chunk_(data.substr(0, at))) {
    Fail(Cancelled("multipart body reading stopped by its consumer"));
    return at;
  }
  if (!complete) return at;
  state_ = State::kAfterBoundary;
  return at + delimiter_.size();
}

}  // namespace lakehouse
