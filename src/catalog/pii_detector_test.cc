#include "catalog/pii_detector.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

const PiiDetector& Detector() {
  static const PiiDetector detector;
  return detector;
}

struct ValueCase {
  PiiKind kind;
  const char* value;
  bool hinted;
  bool expected;
};

class PiiValueTest : public ::testing::TestWithParam<ValueCase> {};

TEST_P(PiiValueTest, Matches) {
  const ValueCase& c = GetParam();
  EXPECT_EQ(Detector().ValueMatches(c.kind, c.value, c.hinted), c.expected)
      << PiiKindName(c.kind) << " '" << c.value << "' hinted=" << c.hinted;
}

INSTANTIATE_TEST_SUITE_P(
    Values, PiiValueTest,
    ::testing::Values(
        // Email.
        ValueCase{PiiKind::kEmail, "alice@example.com", false, true},
        ValueCase{PiiKind::kEmail, "a.b+tag@mail.example.co.uk", false, true},
        ValueCase{PiiKind::kEmail, "user@localhost", false, false},
        ValueCase{PiiKind::kEmail, "@example.com", false, false},
        ValueCase{PiiKind::kEmail, "user@@example.com", false, false},
        ValueCase{PiiKind::kEmail, "not an email", false, false},
        // Headers as mail clients write them: display names, quoted names, lists.
        ValueCase{PiiKind::kEmail, "Mark Taylor <mark.taylor@example.com>", false, true},
        ValueCase{PiiKind::kEmail, "\"Shackleton, Sara\" <sara.shackleton@example.com>", false,
                  true},
        ValueCase{PiiKind::kEmail, "<legal@example.co.uk>", false, true},
        ValueCase{PiiKind::kEmail,
                  "Mark Taylor <mark.taylor@example.com>, sara.shackleton@example.com; "
                  "\"Legal, Houston\" <legal@example.com>",
                  false, true},
        ValueCase{PiiKind::kEmail, "Mark Taylor <mark.taylor@localhost>", false, false},
        ValueCase{PiiKind::kEmail, "Mark Taylor <>", false, false},
        ValueCase{PiiKind::kEmail, "write to mark.taylor@example.com", false, false},
        // Phone.
        ValueCase{PiiKind::kPhone, "(415) 555-0132", false, true},
        ValueCase{PiiKind::kPhone, "415-555-0132", false, true},
        ValueCase{PiiKind::kPhone, "+1 415 555 0132", false, true},
        ValueCase{PiiKind::kPhone, "+44 20 7946 0958", false, true},
        ValueCase{PiiKind::kPhone, "4155550132", true, true},
        ValueCase{PiiKind::kPhone, "4155550132", false, false},  // any 10-digit number
        ValueCase{PiiKind::kPhone, "2023-01-15", false, false},
        ValueCase{PiiKind::kPhone, "555-0132", false, false},
        ValueCase{PiiKind::kPhone, "1.2.3.4", false, false},
        // SSN.
        ValueCase{PiiKind::kSsn, "123-45-6789", false, true},
        ValueCase{PiiKind::kSsn, "123 45 6789", false, true},
        ValueCase{PiiKind::kSsn, "123456789", true, true},
        ValueCase{PiiKind::kSsn, "123456789", false, false},
        ValueCase{PiiKind::kSsn, "000-12-3456", false, false},
        ValueCase{PiiKind::kSsn, "666-12-3456", false, false},
        ValueCase{PiiKind::kSsn, "999-99-9999", false, false},
        ValueCase{PiiKind::kSsn, "900-12-3456", false, false},
        ValueCase{PiiKind::kSsn, "123-00-6789", false, false},
        ValueCase{PiiKind::kSsn, "123-45-0000", false, false},
        ValueCase{PiiKind::kSsn, "12-345-6789", false, false},
        // Credit card.
        ValueCase{PiiKind::kCreditCard, "4111 1111 1111 1111", false, true},
        ValueCase{PiiKind::kCreditCard, "4111-1111-1111-1111", false, true},
        ValueCase{PiiKind::kCreditCard, "5500005555555559", false, true},
        ValueCase{PiiKind::kCreditCard, "378282246310005", false, true},
        ValueCase{PiiKind::kCreditCard, "4111 1111 1111 1112", false, false},  // bad Luhn
        ValueCase{PiiKind::kCreditCard, "0000000000000000", false, false},
        ValueCase{PiiKind::kCreditCard, "4444444444444444", false, false},
        ValueCase{PiiKind::kCreditCard, "411111111111", false, false},  // 12 digits
        ValueCase{PiiKind::kCreditCard, "91111111111111111", false, false},
        // IP addresses.
        ValueCase{PiiKind::kIpAddress, "192.168.1.10", false, true},
        ValueCase{PiiKind::kIpAddress, "8.8.8.8", false, true},
        ValueCase{PiiKind::kIpAddress, "2001:db8::8a2e:370:7334", false, true},
        ValueCase{PiiKind::kIpAddress, "::1", false, true},
        ValueCase{PiiKind::kIpAddress, "fe80::1:2:3:4", false, true},
        ValueCase{PiiKind::kIpAddress, "1.2.3.4.5", false, false},  // version string
        ValueCase{PiiKind::kIpAddress, "256.1.1.1", false, false},
        ValueCase{PiiKind::kIpAddress, "1.2.3", false, false},
        ValueCase{PiiKind::kIpAddress, "12:30:45", false, false},  // a time
        ValueCase{PiiKind::kIpAddress, "2001:db8:::1", false, false},
        ValueCase{PiiKind::kIpAddress, "deadbeef", false, false},
        // Date of birth: only with a name hint.
        ValueCase{PiiKind::kDateOfBirth, "1987-04-12", true, true},
        ValueCase{PiiKind::kDateOfBirth, "4/12/1987", true, true},
        ValueCase{PiiKind::kDateOfBirth, "1987-04-12", false, false},
        ValueCase{PiiKind::kDateOfBirth, "1987-13-12", true, false},
        ValueCase{PiiKind::kDateOfBirth, "2024-01-01T10:22:00", true, false},
        // Street address.
        ValueCase{PiiKind::kStreetAddress, "221B Baker Street", false, true},
        ValueCase{PiiKind::kStreetAddress, "1600 Pennsylvania Ave NW, Washington", false, true},
        ValueCase{PiiKind::kStreetAddress, "42 Elm St.", false, true},
        ValueCase{PiiKind::kStreetAddress, "PO Box 123", false, true},
        ValueCase{PiiKind::kStreetAddress, "Baker Street", false, false},
        ValueCase{PiiKind::kStreetAddress, "12 apples", false, false},
        // Salary: only with a name hint.
        ValueCase{PiiKind::kSalary, "$85,000.00", true, true},
        ValueCase{PiiKind::kSalary, "120000", true, true},
        ValueCase{PiiKind::kSalary, "120000", false, false},
        ValueCase{PiiKind::kSalary, "0", true, false},
        ValueCase{PiiKind::kSalary, "12,34", true, false},
        // Medical.
        ValueCase{PiiKind::kMedical, "Type 2 diabetes", false, true},
        ValueCase{PiiKind::kMedical, "hypertension", false, true},
        ValueCase{PiiKind::kMedical, "E11.9", true, true},
        ValueCase{PiiKind::kMedical, "E11.9", false, false},
        ValueCase{PiiKind::kMedical, "backstroke", false, false},
        ValueCase{PiiKind::kMedical, "cancelled", false, false}));

struct NameCase {
  const char* name;
  PiiKind kind;
  bool expected;
};

class PiiNameTest : public ::testing::TestWithParam<NameCase> {};

TEST_P(PiiNameTest, Hints) {
  const NameCase& c = GetParam();
  EXPECT_EQ(Detector().NameHints(c.kind, c.name), c.expected)
      << c.name << " as " << PiiKindName(c.kind);
}

INSTANTIATE_TEST_SUITE_P(
    Names, PiiNameTest,
    ::testing::Values(NameCase{"email", PiiKind::kEmail, true},
                      NameCase{"customerEmail", PiiKind::kEmail, true},
                      NameCase{"E-Mail Address", PiiKind::kEmail, true},
                      NameCase{"email_sent_count", PiiKind::kEmail, false},
                      NameCase{"is_email_verified", PiiKind::kEmail, false},
                      NameCase{"num_emails", PiiKind::kEmail, false},
                      NameCase{"email_domain", PiiKind::kEmail, false},
                      NameCase{"emailer", PiiKind::kEmail, false},
                      NameCase{"phone_number", PiiKind::kPhone, true},
                      NameCase{"ssn", PiiKind::kSsn, true},
                      NameCase{"social_security_number", PiiKind::kSsn, true},
                      NameCase{"lesson", PiiKind::kSsn, false},
                      NameCase{"credit_card", PiiKind::kCreditCard, true},
                      NameCase{"cardNumber", PiiKind::kCreditCard, true},
                      NameCase{"client_ip", PiiKind::kIpAddress, true},
                      NameCase{"ipAddress", PiiKind::kIpAddress, true},
                      NameCase{"ip_address", PiiKind::kStreetAddress, false},
                      NameCase{"email_address", PiiKind::kStreetAddress, false},
                      NameCase{"shipping_address", PiiKind::kStreetAddress, true},
                      NameCase{"address_line1", PiiKind::kStreetAddress, true},
                      NameCase{"recipe", PiiKind::kIpAddress, false},
                      NameCase{"dob", PiiKind::kDateOfBirth, true},
                      NameCase{"date_of_birth", PiiKind::kDateOfBirth, true},
                      NameCase{"birthDate", PiiKind::kDateOfBirth, true},
                      NameCase{"created_date", PiiKind::kDateOfBirth, false},
                      NameCase{"annual_salary", PiiKind::kSalary, true},
                      NameCase{"base_pay", PiiKind::kSalary, true},
                      NameCase{"salary_band_count", PiiKind::kSalary, false},
                      NameCase{"diagnosis", PiiKind::kMedical, true},
                      NameCase{"health_check", PiiKind::kMedical, false}));

TEST(PiiDetectorTest, NormalizeColumnName) {
  EXPECT_EQ(PiiDetector::NormalizeColumnName("billingEmail-Address2"), "billing_email_address_2");
  EXPECT_EQ(PiiDetector::NormalizeColumnName("IPAddress"), "ipaddress");
  EXPECT_EQ(PiiDetector::NormalizeColumnName("__SSN__"), "ssn");
}

TEST(PiiDetectorTest, LuhnChecksum) {
  EXPECT_TRUE(LuhnValid("4111111111111111"));
  EXPECT_TRUE(LuhnValid("79927398713"));
  EXPECT_FALSE(LuhnValid("79927398710"));
  EXPECT_FALSE(LuhnValid(""));
  EXPECT_FALSE(LuhnValid("4111-1111"));
}

TEST(PiiDetectorTest, ConfidenceFormula) {
  const PiiDetector& d = Detector();
  // Name only, no samples: 0.6.
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "email", {}), 0.6);
  // Name and every value match: max(0.35 + 0.65, 0.5 + 0.5).
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "email", {"a@b.io", "c@d.io"}), 1.0);
  // Name but no value matches: 0.35 (below threshold).
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "email", {"x", "y"}), 0.35);
  // Values only, half contain one: 0.5 + 0.5·0.5.
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "contact", {"a@b.io", "nope"}), 0.75);
  // Empty and null samples are skipped.
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "contact", {"a@b.io", "", "null", " "}), 1.0);
  // No hint, no samples.
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "contact", {}), 0.0);
  // Kinds without a free-text pattern keep 0.35·h + 0.65·w: 2 of 4 street addresses.
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kStreetAddress, "location",
                                {"221B Baker Street", "42 Elm St.", "unknown", "head office"}),
                   0.325);
  // Below one value in ten containing the kind, free text does not count: 1 of 11.
  std::vector<std::string> mostly_plain(10, "see you at the meeting");
  mostly_plain.push_back("ping jane.doe@example.org");
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "notes", mostly_plain), 0.0);
  mostly_plain.push_back("or bob.smith@example.org");  // 2 of 12
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kEmail, "notes", mostly_plain), 0.583);
}

TEST(PiiDetectorTest, DetectPicksBestKindAboveThreshold) {
  const PiiDetector& d = Detector();
  auto ssn = d.Detect("tax_ref", {"123-45-6789", "234-56-7890", "345-67-8901"});
  ASSERT_TRUE(ssn.has_value());
  EXPECT_EQ(ssn->kind, PiiKind::kSsn);
  EXPECT_DOUBLE_EQ(ssn->confidence, 1.0);

  auto by_name = d.Detect("customer_email", {});
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->kind, PiiKind::kEmail);

  EXPECT_FALSE(d.Detect("email_sent_count", {"3", "0", "12"}).has_value());
  EXPECT_FALSE(d.Detect("version", {"1.2.3.4.5", "2.0.0.1.7"}).has_value());
  EXPECT_FALSE(d.Detect("card", {"4111 1111 1111 1112", "4111 1111 1111 1113"}).has_value());
  EXPECT_FALSE(d.Detect("created_date", {"2024-01-01", "2023-05-06"}).has_value());
  EXPECT_FALSE(d.Detect("amount", {"120000", "95000"}).has_value());

  auto dob = d.Detect("birth_date", {"1987-04-12", "1990-12-01"});
  ASSERT_TRUE(dob.has_value());
  EXPECT_EQ(dob->kind, PiiKind::kDateOfBirth);

  auto ip = d.Detect("peer", {"10.0.0.1", "2001:db8::1", "192.168.0.7", "8.8.4.4"});
  ASSERT_TRUE(ip.has_value());
  EXPECT_EQ(ip->kind, PiiKind::kIpAddress);
  EXPECT_DOUBLE_EQ(ip->confidence, 1.0);

  // 3 of 4 values are addresses: detected, with a confidence that says one was not.
  auto mostly = d.Detect("contact", {"a@b.io", "c@d.io", "e@f.io", "x"});
  ASSERT_TRUE(mostly.has_value());
  EXPECT_EQ(mostly->kind, PiiKind::kEmail);
  EXPECT_DOUBLE_EQ(mostly->confidence, 0.875);
}

// Values as they appear in a real mail export: header fields and message bodies.
const std::vector<std::string>& MailFrom() {
  static const std::vector<std::string> values = {
      "Mark Taylor <mark.taylor@example.com>", "\"Shackleton, Sara\" <sara.shackleton@example.com>",
      "tana.jones@example.com", "Kay Mann <kay.mann@example.com>",
      "\"Legal Dept.\" <legal@example.co.uk>"};
  return values;
}

const std::vector<std::string>& MailBodies() {
  static const std::vector<std::string> values = {
      "Sara,\n\nPlease call me at (713) 853-7459 when you get a chance.\n\nMark",
      "Attached is the revised draft. Questions to kay.mann@example.com or +44 20 7946 0958.",
      "-----Original Message-----\nFrom: Taylor, Mark <mark.taylor@example.com>\nSent: "
      "Tuesday, May 15, 2001 9:12 AM\nTo: Jones, Tana\nSubject: Re: ISDA master\n\nTana, "
      "the counterparty signed. Thanks.",
      "Lunch on Thursday? I can do 12:30.",
      "The meeting moved to room 30C1; dial-in 1-800-555-0199, code 4471.",
      "Reminder: quarterly numbers are due Friday, 2001-06-01.",
      "Forwarding per Sara's note. Reach her at sara.shackleton@example.com.",
      "FYI - the deal closed at 1,250,000 units. Details from john.arnold@example.com."};
  return values;
}

TEST(PiiDetectorTest, DisplayNameAddressesAreEmails) {
  auto from = Detector().Detect("from", MailFrom());
  ASSERT_TRUE(from.has_value());
  EXPECT_EQ(from->kind, PiiKind::kEmail);
  EXPECT_DOUBLE_EQ(from->confidence, 1.0);
}

TEST(PiiDetectorTest, FindsPiiInsideFreeText) {
  const PiiDetector& d = Detector();
  const std::vector<std::string>& bodies = MailBodies();
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kEmail, bodies[1], false));
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kPhone, bodies[0], false));
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kPhone, bodies[1], false));   // +44 …
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kPhone, bodies[4], false));   // 1-800-555-0199
  EXPECT_FALSE(d.ContainsMatch(PiiKind::kPhone, bodies[5], false));  // a date is not a phone
  EXPECT_FALSE(d.ContainsMatch(PiiKind::kEmail, bodies[3], false));
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kSsn, "SSN on file: 078-05-1120, verified", false));
  EXPECT_FALSE(d.ContainsMatch(PiiKind::kSsn, "part 000-12-3456 restocked", false));
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kCreditCard, "charged to 4111 1111 1111 1111 today", false));
  EXPECT_FALSE(d.ContainsMatch(PiiKind::kCreditCard, "tracking 4111111111111111", false));
  EXPECT_TRUE(d.ContainsMatch(PiiKind::kIpAddress, "login from 203.0.113.7.", false));
  EXPECT_FALSE(d.ContainsMatch(PiiKind::kIpAddress, "upgraded to 1.2.3.4.5 today", false));

  // 4 of 8 bodies hold an address (0.5 + 0.5·0.5); 3 of 8 a phone number (0.688).
  PiiEvidence email = d.Evidence(PiiKind::kEmail, "body", bodies);
  EXPECT_EQ(email.considered, 8u);
  EXPECT_EQ(email.whole, 0u);
  EXPECT_EQ(email.containing, 4u);
  EXPECT_DOUBLE_EQ(d.Confidence(PiiKind::kPhone, "body", bodies), 0.688);
  auto body = d.Detect("body", bodies);
  ASSERT_TRUE(body.has_value());
  EXPECT_EQ(body->kind, PiiKind::kEmail);
  EXPECT_DOUBLE_EQ(body->confidence, 0.75);
  auto phone_only = d.Detect("body", {bodies[0], bodies[3], bodies[4], bodies[5]});
  ASSERT_TRUE(phone_only.has_value());
  EXPECT_EQ(phone_only->kind, PiiKind::kPhone);
  EXPECT_DOUBLE_EQ(phone_only->confidence, 0.75);
}

TEST(PiiDetectorTest, ProseWithoutPiiIsNotClassified) {
  const std::vector<std::string> speech = {
      "We have come through the Great Depression and a world war, and the state of our Union is "
      "strong.",
      "In 1933 one third of the nation was ill-housed; 1,600 families lost their farms that "
      "spring.",
      "We will fight cancer and heart disease, and we will find a cure.",
      "Release 1.2.3.4.5 of the plan was adopted on 12/07/1941 at 12:30, 555-0132 votes to 12."};
  EXPECT_FALSE(Detector().Detect("text", speech).has_value());
}

TEST(PiiDetectorTest, SensitivityByKind) {
  EXPECT_EQ(SensitivityForPii(PiiKind::kSsn), Sensitivity::kRestricted);
  EXPECT_EQ(SensitivityForPii(PiiKind::kCreditCard), Sensitivity::kRestricted);
  EXPECT_EQ(SensitivityForPii(PiiKind::kMedical), Sensitivity::kRestricted);
  EXPECT_EQ(SensitivityForPii(PiiKind::kEmail), Sensitivity::kConfidential);
  EXPECT_EQ(SensitivityForPii(PiiKind::kPhone), Sensitivity::kConfidential);
  EXPECT_EQ(SensitivityForPii(PiiKind::kStreetAddress), Sensitivity::kConfidential);
  EXPECT_EQ(SensitivityForPii(PiiKind::kDateOfBirth), Sensitivity::kConfidential);
  EXPECT_EQ(SensitivityForPii(PiiKind::kSalary), Sensitivity::kConfidential);
  EXPECT_EQ(SensitivityForPii(PiiKind::kIpAddress), Sensitivity::kInternal);
}

}  // namespace
}  // namespace lakehouse
