#include "catalog/pii_detector.h"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

namespace lakehouse {

namespace {

constexpr size_t kKindCount = kAllPiiKinds.size();

size_t Index(PiiKind kind) { return static_cast<size_t>(kind); }

// Name tokens per kind, matched against "_<normalized name>_".
constexpr std::array<const char*, kKindCount> kNameHints = {
    /*email*/ R"(_(e_mail|email|emails|mail)_)",
    /*phone*/ R"(_(phone|phones|telephone|tel|mobile|cellphone|cell_phone|fax|msisdn)_)",
    /*ssn*/ R"(_(ssn|ssns|social_security(_number|_no)?|socsec)_)",
    /*credit_card*/
    R"(_(credit_card|creditcard|card_number|card_no|card_num|cc_number|cc_num|ccnum|pan)_)",
    /*ip_address*/ R"(_(ip|ips|ipv4|ipv6|ipaddr|ipaddress|remote_addr)_)",
    /*date_of_birth*/ R"(_(dob|birthdate|birthday|birth_date|date_of_birth|birth_dt|born_on)_)",
    /*street_address*/ R"(_(address|addr|street|streetaddress|address_line|addr_line)_)",
    /*salary*/
    R"(_(salary|salaries|compensation|wage|wages|bonus|income|earnings|remuneration|payroll)_)"
    R"(|_(pay_rate|payrate|base_pay|annual_pay|hourly_rate)_)",
    /*medical*/
    R"(_(diagnosis|diagnoses|medical|medication|medications|prescription|prescriptions|icd)"
    R"(|icd_10|allergy|allergies|disease|diseases|symptom|symptoms|medical_condition)_)",
};

// "Address" hints that are really network or mail addresses.
constexpr const char* kNotStreetAddress =
    R"(_(ip|ipv4|ipv6|email|e_mail|mail|mac|web|url|wallet|memory|mem|remote|server|host|btc)_)";

constexpr const char* kVetoFirst = R"(^_(is|has|num|n|count|total)_)";
constexpr const char* kVetoLast =
    R"(_(count|cnt|total|sent|opened|clicked|bounced|flag|enabled|verified|valid|status|type)"
    R"(|template|hash|hashed|md5|sha1|sha256|len|length|pct|percent|ratio|domain|id|ids)_$)";

// An addr-spec with a dotted domain and a 2+ letter TLD (no anchors; composed below).
constexpr const char* kEmailAddress =
    R"([A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)"
    R"((?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})";

// Candidates for PII inside free text: each captures one span that is then checked with the
// whole-value test (ValueMatches), so "inside" is never looser than "is".
constexpr const char* kEmailInText = R"(([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}))";
constexpr const char* kPhoneInText =
    R"((?:^|[^0-9A-Za-z+])((?:\+?1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}))"
    R"((?:$|[^0-9]))";
constexpr const char* kIntlPhoneInText =
    R"((?:^|[^0-9A-Za-z+])(\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,5})(?:$|[^0-9]))";
constexpr const char* kSsnInText = R"((?:^|[^0-9-])(\d{3}-\d{2}-\d{4})(?:$|[^0-9-]))";
// Only grouped card numbers count inside text: a bare run of digits there is as likely an order
// or tracking number, and one in ten of those passes Luhn.
constexpr const char* kCardInText =
    R"((?:^|[^0-9])(\d{4} \d{4} \d{4} \d{1,7}|\d{4}-\d{4}-\d{4}-\d{1,7}|\d{4} \d{6} \d{5})"
    R"(|\d{4}-\d{6}-\d{5})(?:$|[^0-9]))";
constexpr const char* kIpv4InText =
    R"((?:^|[^0-9.])((?:\d{1,3}\.){3}\d{1,3})(?:$|[^0-9.]|\.$|\.[^0-9]))";

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::string_view();
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

bool IsNullLike(std::string_view s) {
  return s.empty() || s == "null" || s == "NULL" || s == "Null";
}

}  // namespace

bool LuhnValid(std::string_view digits) {
  if (!AllDigits(digits)) return false;
  int sum = 0;
  bool double_it = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

struct PiiDetector::Patterns {
  Patterns()
      : not_street(kNotStreetAddress),
        veto_first(kVetoFirst),
        veto_last(kVetoLast),
        email(StrCat("^", kEmailAddress, "$")),
        // 'Jane Doe <jane@x.org>', '"Doe, Jane" <jane@x.org>', '<jane@x.org>', and lists of
        // those and bare addresses separated by ',' or ';' (To/Cc headers).
        mailbox_list(StrCat(R"(^\s*(?:(?:"[^"]*"|[^"<>@,;]*)\s*<)", kEmailAddress, R"(>|)",
                            kEmailAddress, R"()(?:\s*[,;]\s*(?:(?:"[^"]*"|[^"<>@,;]*)\s*<)",
                            kEmailAddress, R"(>|)", kEmailAddress, R"())*\s*[,;]?\s*$)")),
        phone_nanp(R"(^(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}$)"),
        phone_intl(R"(^\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,5}$)"),
        phone_bare(R"(^1?[2-9]\d{9}$)"),
        ssn(R"(^(\d{3})[- ](\d{2})[- ](\d{4})$)"),
        ssn_bare(R"(^(\d{3})(\d{2})(\d{4})$)"),
        card(R"(^(?:\d[ -]?){12,18}\d$)"),
        ipv4(
            R"(^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$)"),
        ipv6_shape(R"(^[0-9A-Fa-f:.]{2,45}$)"),
        dob(R"(^(?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ]00:00(?::00)?)?)"
            R"(|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d{2})$)"),
        street(R"((?i)^(?:\d{1,6}[A-Za-z]?\s+(?:[A-Za-z0-9.'-]+\s+){0,5})"
               R"((?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way)"
               R"(|place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq)\.?)"
               R"((?:[\s,#]|$)|p\.?\s?o\.?\s+box\s+\d+))"),
        salary(R"(^\$?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$)"),
        medical_term(
            R"((?i)\b(?:diabetes|diabetic|hypertension|asthma|cancer|carcinoma|leukemia|hiv)"
            R"(|hepatitis|tuberculosis|depression|bipolar|schizophrenia|epilepsy|alzheimer'?s?)"
            R"(|parkinson'?s?|dementia|pregnancy|pregnant|covid-19|influenza|pneumonia|copd)"
            R"(|arthritis|migraine|obesity|myocardial infarction|heart failure|chemotherapy)"
            R"(|insulin|metformin|lisinopril|atorvastatin|dialysis|anxiety disorder)\b)"),
        icd10(R"(^[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?$)"),
        email_in_text(kEmailInText),
        phone_in_text(kPhoneInText),
        intl_phone_in_text(kIntlPhoneInText),
        ssn_in_text(kSsnInText),
        card_in_text(kCardInText),
        ipv4_in_text(kIpv4InText) {
    for (size_t i = 0; i < kKindCount; ++i) name_hints[i] = std::make_unique<RE2>(kNameHints[i]);
  }

  std::array<std::unique_ptr<RE2>, kKindCount> name_hints;
  RE2 not_street, veto_first, veto_last;
  RE2 email, mailbox_list, phone_nanp, phone_intl, phone_bare, ssn, ssn_bare, card, ipv4,
      ipv6_shape, dob, street, salary, medical_term, icd10;
  RE2 email_in_text, phone_in_text, intl_phone_in_text, ssn_in_text, card_in_text, ipv4_in_text;

  // The free-text candidate patterns of a kind (none for kinds only a whole value can be).
  std::vector<const RE2*> InText(PiiKind kind) const {
    switch (kind) {
      case PiiKind::kEmail:
        return {&email_in_text};
      case PiiKind::kPhone:
        return {&phone_in_text, &intl_phone_in_text};
      case PiiKind::kSsn:
        return {&ssn_in_text};
      case PiiKind::kCreditCard:
        return {&card_in_text};
      case PiiKind::kIpAddress:
        return {&ipv4_in_text};
      default:
        return {};
    }
  }
};

PiiDetector::PiiDetector() : patterns_(std::make_unique<Patterns>()) {}
PiiDetector::~PiiDetector() = default;

std::string PiiDetector::NormalizeColumnName(std::string_view name) {
  std::string out;
  auto push_separator = [&] {
    if (!out.empty() && out.back() != '_') out += '_';
  };
  char prev = 0;
  for (char c : name) {
    bool lower = c >= 'a' && c <= 'z';
    bool upper = c >= 'A' && c <= 'Z';
    bool digit = c >= '0' && c <= '9';
    if (!lower && !upper && !digit) {
      push_separator();
      prev = 0;
      continue;
    }
    bool prev_lower = prev >= 'a' && prev <= 'z';
    bool prev_digit = prev >= '0' && prev <= '9';
    bool prev_alpha = prev_lower || (prev >= 'A' && prev <= 'Z');
    if ((upper && prev_lower) || (digit && prev_alpha) || (!digit && prev_digit)) push_separator();
    out += upper ? static_cast<char>(c - 'A' + 'a') : c;
    prev = c;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

bool PiiDetector::NameHints(PiiKind kind, std::string_view column_name) const {
  std::string wrapped = "_" + NormalizeColumnName(column_name) + "_";
  if (RE2::PartialMatch(wrapped, patterns_->veto_first) ||
      RE2::PartialMatch(wrapped, patterns_->veto_last)) {
    return false;
  }
  if (!RE2::PartialMatch(wrapped, *patterns_->name_hints[Index(kind)])) return false;
  if (kind == PiiKind::kStreetAddress && RE2::PartialMatch(wrapped, patterns_->not_street)) {
    return false;
  }
  return true;
}

bool PiiDetector::ValueMatches(PiiKind kind, std::string_view raw, bool name_hinted) const {
  std::string_view value = Trim(raw);
  const Patterns& p = *patterns_;
  switch (kind) {
    case PiiKind::kEmail:
      return RE2::FullMatch(value, p.email) || RE2::FullMatch(value, p.mailbox_list);
    case PiiKind::kPhone: {
      if (RE2::FullMatch(value, p.phone_nanp)) return true;
      if (name_hinted && RE2::FullMatch(value, p.phone_bare)) return true;
      if (!RE2::FullMatch(value, p.phone_intl)) return false;
      size_t digits = DigitsOnly(value).size();
      return digits >= 8 && digits <= 15;
    }
    case PiiKind::kSsn: {
      std::string area, group, serial;
      bool dashed = RE2::FullMatch(value, p.ssn, &area, &group, &serial);
      if (!dashed && !(name_hinted && RE2::FullMatch(value, p.ssn_bare, &area, &group, &serial))) {
        return false;
      }
      return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000";
    }
    case PiiKind::kCreditCard: {
      if (!RE2::FullMatch(value, p.card)) return false;
      std::string digits = DigitsOnly(value);
      if (digits.size() < 13 || digits.size() > 19) return false;
      if (digits[0] < '2' || digits[0] > '6') return false;  // Amex, Visa, MC, Discover ranges
      if (digits.find_first_not_of(digits[0]) == std::string::npos) return false;  // 4444…
      return LuhnValid(digits);
    }
    case PiiKind::kIpAddress: {
      if (RE2::FullMatch(value, p.ipv4)) return true;
      if (value.find(':') == std::string_view::npos || !RE2::FullMatch(value, p.ipv6_shape)) {
        return false;
      }
      unsigned char buffer[16];
      std::string text(value);
      return inet_pton(AF_INET6, text.c_str(), buffer) == 1;
    }
    case PiiKind::kDateOfBirth:
      return name_hinted && RE2::FullMatch(value, p.dob);
    case PiiKind::kStreetAddress:
      return RE2::PartialMatch(value, p.street);
    case PiiKind::kSalary:
      return name_hinted && RE2::FullMatch(value, p.salary) && DigitsOnly(value) != "" &&
             DigitsOnly(value).find_first_not_of('0') != std::string::npos;
    case PiiKind::kMedical:
      return RE2::PartialMatch(value, p.medical_term) ||
             (name_hinted && RE2::FullMatch(value, p.icd10));
  }
  return false;
}

bool PiiDetector::SupportsFreeText(PiiKind kind) const { return !patterns_->InText(kind).empty(); }

bool PiiDetector::ContainsMatch(PiiKind kind, std::string_view raw, bool name_hinted) const {
  if (ValueMatches(kind, raw, name_hinted)) return true;
  for (const RE2* pattern : patterns_->InText(kind)) {
    re2::StringPiece rest(raw.data(), raw.size());
    std::string candidate;
    while (RE2::FindAndConsume(&rest, *pattern, &candidate)) {
      if (ValueMatches(kind, candidate, /*name_hinted=*/false)) return true;
    }
  }
  return false;
}

PiiEvidence PiiDetector::Evidence(PiiKind kind, std::string_view column_name,
                                  const std::vector<std::string>& samples) const {
  PiiEvidence e;
  e.name_hinted = NameHints(kind, column_name);
  e.free_text = SupportsFreeText(kind);
  for (size_t i = 0; i < samples.size() && i < kMaxPiiSamples; ++i) {
    std::string_view value = Trim(samples[i]);
    if (IsNullLike(value)) continue;
    ++e.considered;
    if (ValueMatches(kind, value, e.name_hinted)) {
      ++e.whole;
      ++e.containing;
    } else if (e.free_text && ContainsMatch(kind, value, e.name_hinted)) {
      ++e.containing;
    }
  }
  return e;
}

double PiiEvidence::Confidence() const {
  const double h = name_hinted ? 1.0 : 0.0;
  if (considered == 0) return std::round(0.6 * h * 1000.0) / 1000.0;
  const double n = static_cast<double>(considered);
  const double whole_share = static_cast<double>(whole) / n;
  const double contained_share = static_cast<double>(containing) / n;
  double c = 0.35 * h + 0.65 * whole_share;
  if (free_text && contained_share >= kMinContainedShare) {
    c = std::max(c, 0.5 + 0.5 * contained_share);
  }
  return std::round(c * 1000.0) / 1000.0;
}

double PiiDetector::Confidence(PiiKind kind, std::string_view column_name,
                               const std::vector<std::string>& samples) const {
  return Evidence(kind, column_name, samples).Confidence();
}

std::optional<PiiTag> PiiDetector::Detect(std::string_view column_name,
                                          const std::vector<std::string>& samples) const {
  std::optional<PiiTag> best;
  for (PiiKind kind : kAllPiiKinds) {
    double c = Confidence(kind, column_name, samples);
    if (c < kPiiDetectionThreshold) continue;
    bool better =
        !best || c > best->confidence ||
        (c == best->confidence && SensitivityForPii(kind) > SensitivityForPii(best->kind));
    if (better) best = PiiTag{kind, c};
  }
  return best;
}

}  // namespace lakehouse
