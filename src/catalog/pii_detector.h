// PiiDetector: recognises personal data in a column from its name and from sampled values.
//
// Kinds: email, phone, US SSN, credit card (Luhn-checked), IP address (v4 and v6), date of birth,
// street address, salary/compensation, medical terms. Each kind has
//   * a name hint: the column name, split into lower-case tokens ("billingEmail" → billing_email),
//     contains one of the kind's tokens ("email", "ssn", "dob", …) — unless a veto says the column
//     is about the data rather than the data itself: first token is/has/num/n/count/total, or last
//     token count/cnt/total/sent/opened/clicked/bounced/flag/enabled/verified/valid/status/type/
//     template/hash/hashed/md5/sha1/sha256/len/length/pct/percent/ratio/domain/id/ids
//     ("email_sent_count", "is_email_verified", "ip_hash" are not PII);
//   * a value test: a strict pattern with semantic checks (Luhn for cards; SSN area not
//     000/666/9xx, group not 00, serial not 0000; IPv4 octets ≤ 255 and IPv6 parsed by
//     inet_pton; …). Date-of-birth and salary values (any date, any number) only count when the
//     name hints at them; undashed 9-digit SSNs and bare 10-digit phone numbers likewise.
//
// E-mail values may carry display names and lists ('Jane Doe <jane@x.org>', '"Doe, Jane"
// <jane@x.org>; bob@y.com'): they *are* e-mail addresses.
//
// Free text: values that merely *contain* PII (a message body, a comment) count for the kinds with
// a distinctive pattern — email, phone (formatted), SSN (dashed), credit card (grouped digits),
// IPv4. Each candidate span found in the text is checked with the same value test as a whole value.
// Street addresses, medical terms, dates of birth and salaries get no free-text treatment (in prose
// they are far too common: "the Great Depression", "1600 pages"); a medical term still matches
// anywhere in a value, but like the others only under the first term of the formula below.
//
// Confidence (documented formula): with h = 1 if the name hints at the kind else 0, and over the
// non-empty samples (samples that are empty or "null" are skipped) w = share whose whole value
// matches, t = share that contain a match (t ≥ w),
//   no non-empty samples:  c = 0.6·h
//   otherwise:             c = max(0.35·h + 0.65·w,  t ≥ 0.1 ? 0.5 + 0.5·t : 0)
// where the second term exists only for the free-text kinds above. So a hinted name alone gives
// 0.6, a hinted name whose values never match falls to 0.35, a column where at least one value in
// ten is or contains an e-mail address, phone, SSN, card or IPv4 address is detected (0.55 at 10%,
// 1.0 when every value has one), and the other kinds need w ≥ 77% without a hint. A kind is
// detected when c ≥ kPiiDetectionThreshold (0.5); the column gets the kind with the highest c
// (ties: the more sensitive kind), rounded to 3 decimals. Detection raises the column's sensitivity
// (SensitivityForPii) and so the dataset's. The catalog runs it on every commit's samples and again
// on resync (values read back from the live files).
//
// Thread-safety: thread-safe after construction (RE2 matching is thread-safe); construct once
// (pattern compilation is the expensive part) and share.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/dataset.h"

namespace lakehouse {

inline constexpr double kPiiDetectionThreshold = 0.5;
inline constexpr size_t kMaxPiiSamples = 1000;     // later samples are ignored
inline constexpr double kMinContainedShare = 0.1;  // t below this: free-text matches don't count

// What the samples of one column say about one kind (see the formula above).
struct PiiEvidence {
  bool name_hinted = false;
  bool free_text = false;  // the kind has a free-text pattern (SupportsFreeText)
  size_t considered = 0;   // non-empty samples
  size_t whole = 0;        // samples whose whole value is the kind
  size_t containing = 0;   // samples that are or contain the kind (≥ whole)
  double Confidence() const;
};

class PiiDetector {
 public:
  PiiDetector();
  ~PiiDetector();
  PiiDetector(const PiiDetector&) = delete;
  PiiDetector& operator=(const PiiDetector&) = delete;

  // The best-scoring kind at or above the threshold, or nullopt.
  std::optional<PiiTag> Detect(std::string_view column_name,
                               const std::vector<std::string>& samples) const;

  // The individual signals, exposed for tests and explanations.
  bool NameHints(PiiKind kind, std::string_view column_name) const;
  bool ValueMatches(PiiKind kind, std::string_view value, bool name_hinted) const;
  // The whole value matches, or (kinds with a free-text pattern) some span inside it does.
  bool ContainsMatch(PiiKind kind, std::string_view value, bool name_hinted) const;
  bool SupportsFreeText(PiiKind kind) const;
  PiiEvidence Evidence(PiiKind kind, std::string_view column_name,
                       const std::vector<std::string>& samples) const;
  double Confidence(PiiKind kind, std::string_view column_name,
                    const std::vector<std::string>& samples) const;

  // "billingEmail-Address2" → "billing_email_address_2"
  static std::string NormalizeColumnName(std::string_view name);

 private:
  struct Patterns;
  std::unique_ptr<Patterns> patterns_;
};

// Luhn checksum over a string of ASCII digits (false for non-digits or empty input).
bool LuhnValid(std::string_view digits);

}  // namespace lakehouse
