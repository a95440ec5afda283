#include "cli/staffing_data.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <utility>

namespace lakehouse {
namespace {

// splitmix64: small, seedable, the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<size_t>(Below(static_cast<int64_t>(N)))];
  }

 private:
  uint64_t state_;
};

struct City {
  const char* city;
  const char* state;
  int weight;  // bigger cities get more candidates
};
constexpr std::array<City, 12> kCities = {{{"Chicago", "IL", 9},
                                           {"New York", "NY", 12},
                                           {"Los Angeles", "CA", 10},
                                           {"Houston", "TX", 7},
                                           {"Phoenix", "AZ", 5},
                                           {"Dallas", "TX", 6},
                                           {"Atlanta", "GA", 5},
                                           {"Boston", "MA", 5},
                                           {"Seattle", "WA", 5},
                                           {"Denver", "CO", 4},
                                           {"Miami", "FL", 4},
                                           {"Minneapolis", "MN", 3}}};
constexpr std::array<const char*, 16> kFirst = {
    "James", "Mary",  "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
    "David", "Maria", "Wei",    "Aisha",    "Jose", "Priya",    "Omar",    "Elena"};
constexpr std::array<const char*, 16> kLast = {
    "Smith", "Johnson", "Williams", "Brown",    "Jones", "Garcia", "Miller", "Davis",
    "Chen",  "Patel",   "Nguyen",   "Kowalski", "Lopez", "Okafor", "Kim",    "Rossi"};
struct Vertical {
  const char* name;
  std::array<const char*, 6> skills;
  std::array<const char*, 3> titles;
};
constexpr std::array<Vertical, 5> kVerticals = {{
    {"IT",
     {"java", "python", "sql", "aws", "react", "kubernetes"},
     {"Software Engineer", "Data Engineer", "DevOps Engineer"}},
    {"Healthcare",
     {"rn", "icu", "phlebotomy", "emr", "cpr", "pediatrics"},
     {"Registered Nurse", "Medical Assistant", "Lab Technician"}},
    {"Finance",
     {"excel", "gaap", "audit", "sap", "tax", "forecasting"},
     {"Accountant", "Financial Analyst", "Auditor"}},
    {"Industrial",
     {"forklift", "welding", "cnc", "osha", "assembly", "shipping"},
     {"Forklift Operator", "Welder", "Machine Operator"}},
    {"Admin",
     {"scheduling", "crm", "data entry", "customer service", "billing", "ms office"},
     {"Office Administrator", "Receptionist", "Customer Service Rep"}},
}};
constexpr std::array<const char*, 4> kStatus = {"active", "active", "passive", "placed"};
constexpr std::array<const char*, 4> kOutcomes = {"no answer", "voicemail", "interested",
                                                  "not interested"};

const City& PickCity(Rng& rng) {
  int total = 0;
  for (const City& c : kCities) total += c.weight;
  int64_t at = rng.Below(total);
  for (const City& c : kCities) {
    if ((at -= c.weight) < 0) return c;
  }
  return kCities[0];
}

std::string Date(int64_t day) {  // days after 2024-01-01, as YYYY-MM-DD (30-day months: enough)
  char out[16];
  std::snprintf(out, sizeof(out), "%04d-%02d-%02d", static_cast<int>(2024 + day / 360),
                static_cast<int>(day % 360 / 30 + 1), static_cast<int>(day % 30 + 1));
  return out;
}

using Value = std::variant<int64_t, double, std::string>;

StaffingTable Table(std::string name, std::string key,
                    std::vector<std::pair<std::string, StaffingType>> columns) {
  StaffingTable table{std::move(name), std::move(key), {}, 0};
  for (auto& [column, type] : columns)
    table.columns.push_back({std::move(column), type, {}, {}, {}});
  return table;
}

// One row, its values in the table's column order and of its columns' types.
void Add(StaffingTable* table, std::initializer_list<Value> row) {
  size_t c = 0;
  for (const Value& value : row) {
    StaffingColumn& column = table->columns[c++];
    switch (column.type) {
      case StaffingType::kInteger:
        column.integers.push_back(std::get<int64_t>(value));
        break;
      case StaffingType::kNumber:
        column.numbers.push_back(std::get<double>(value));
        break;
      case StaffingType::kText:
        column.texts.push_back(std::get<std::string>(value));
        break;
    }
  }
  ++table->rows;
}

constexpr StaffingType kInt = StaffingType::kInteger;
constexpr StaffingType kNum = StaffingType::kNumber;
constexpr StaffingType kText = StaffingType::kText;

}  // namespace

std::vector<StaffingTable> GenerateStaffingData(int64_t n, uint64_t seed, int64_t activity) {
  activity = std::max<int64_t>(1, activity);
  Rng rng(seed);
  const int64_t clients = std::max<int64_t>(5, n / 100);
  const int64_t recruiters = std::max<int64_t>(5, n / 500);
  const int64_t jobs = std::max<int64_t>(10, n / 10);
  const int64_t placements = std::max<int64_t>(5, n / 20);
  StaffingTable cand = Table("candidates", "candidate_id",
                             {{"candidate_id", kInt},
                              {"first_name", kText},
                              {"last_name", kText},
                              {"email", kText},
                              {"phone", kText},
                              {"city", kText},
                              {"state", kText},
                              {"vertical", kText},
                              {"skills", kText},
                              {"years_experience", kInt},
                              {"status", kText},
                              {"resume_summary", kText}});
  StaffingTable cli = Table("clients", "client_id",
                            {{"client_id", kInt},
                             {"name", kText},
                             {"vertical", kText},
                             {"city", kText},
                             {"state", kText}});
  StaffingTable rec =
      Table("recruiters", "recruiter_id",
            {{"recruiter_id", kInt}, {"name", kText}, {"email", kText}, {"team", kText}});
  StaffingTable job = Table("job_orders", "job_id",
                            {{"job_id", kInt},
                             {"client_id", kInt},
                             {"title", kText},
                             {"vertical", kText},
                             {"city", kText},
                             {"state", kText},
                             {"status", kText},
                             {"bill_rate", kNum},
                             {"opened_at", kText}});
  StaffingTable pla = Table("placements", "placement_id",
                            {{"placement_id", kInt},
                             {"candidate_id", kInt},
                             {"job_id", kInt},
                             {"client_id", kInt},
                             {"recruiter_id", kInt},
                             {"bill_rate", kNum},
                             {"pay_rate", kNum},
                             {"start_date", kText}});
  StaffingTable call = Table("call_logs", "call_id",
                             {{"call_id", kInt},
                              {"candidate_id", kInt},
                              {"recruiter_id", kInt},
                              {"called_at", kText},
                              {"outcome", kText}});
  StaffingTable summary =
      Table("candidate_activity", "candidate_id",
            {{"candidate_id", kInt}, {"calls", kInt}, {"last_called_at", kText}});

  std::vector<int> candidate_vertical(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const City& city = PickCity(rng);
    const int v = static_cast<int>(rng.Below(kVerticals.size()));
    candidate_vertical[static_cast<size_t>(i)] = v;
    const Vertical& vertical = kVerticals[static_cast<size_t>(v)];
    const std::string first = rng.Pick(kFirst);
    const std::string last = rng.Pick(kLast);
    std::set<std::string> skills;
    for (int s = 0; s < 3; ++s) skills.insert(rng.Pick(vertical.skills));
    std::string skill_text;
    for (const std::string& s : skills) skill_text += (skill_text.empty() ? "" : ", ") + s;
    const int64_t years = static_cast<int64_t>(rng.Unit() * rng.Unit() * 25);
    std::string email = first + "." + last + std::to_string(i) + "@example.com";
    std::transform(email.begin(), email.end(), email.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    char phone[20];
    std::snprintf(phone, sizeof(phone), "555-%03d-%04d", static_cast<int>(rng.Below(1000)),
                  static_cast<int>(rng.Below(10000)));
    const std::string title = rng.Pick(vertical.titles);
    Add(&cand, {i + 1, first, last, email, std::string(phone), std::string(city.city),
                std::string(city.state), std::string(vertical.name), skill_text, years,
                std::string(rng.Pick(kStatus)),
                title + " with " + std::to_string(years) + " years of experience in " + city.city +
                    ", skilled in " + skill_text + "."});
  }
  for (int64_t i = 0; i < clients; ++i) {
    const City& city = PickCity(rng);
    const std::string vertical = kVerticals[static_cast<size_t>(i) % kVerticals.size()].name;
    Add(&cli, {i + 1, std::string(rng.Pick(kLast)) + " " + vertical + " " + std::to_string(i + 1),
               vertical, std::string(city.city), std::string(city.state)});
  }
  for (int64_t i = 0; i < recruiters; ++i) {
    const std::string name = std::string(rng.Pick(kFirst)) + " " + rng.Pick(kLast);
    Add(&rec, {i + 1, name, "recruiter" + std::to_string(i + 1) + "@staffing.example",
               std::string(kVerticals[static_cast<size_t>(i) % kVerticals.size()].name)});
  }
  std::vector<int64_t> job_client(static_cast<size_t>(jobs));
  std::vector<double> job_rate(static_cast<size_t>(jobs));
  for (int64_t i = 0; i < jobs; ++i) {
    const int64_t client = rng.Below(clients);
    const Vertical& vertical = kVerticals[static_cast<size_t>(client) % kVerticals.size()];
    const City& city = PickCity(rng);
    const double rate = 25.0 + static_cast<double>(rng.Below(11000)) / 100.0;
    job_client[static_cast<size_t>(i)] = client + 1;
    job_rate[static_cast<size_t>(i)] = rate;
    const double r = rng.Unit();
    const std::string title = rng.Pick(vertical.titles);
    Add(&job,
        {i + 1, client + 1, title, std::string(vertical.name), std::string(city.city),
         std::string(city.state), std::string(r < 0.4 ? "open" : (r < 0.8 ? "filled" : "closed")),
         rate, Date(rng.Below(700))});
  }
  std::set<int64_t> placed;
  for (int64_t i = 0; i < placements; ++i) {
    const int64_t candidate = rng.Below(n) + 1;
    placed.insert(candidate);
    const int64_t j = rng.Below(jobs);
    const double bill = job_rate[static_cast<size_t>(j)];
    const int64_t recruiter = rng.Below(recruiters) + 1;
    Add(&pla, {i + 1, candidate, j + 1, job_client[static_cast<size_t>(j)], recruiter, bill,
               static_cast<double>(static_cast<int64_t>(bill * 70)) / 100.0, Date(rng.Below(700))});
  }
  int64_t call_id = 0;
  for (int64_t c = 1; c <= n; ++c) {
    // Most candidates get 0–4 calls per unit of activity; one in eight gets 5–12 (the long tail).
    const int64_t calls =
        rng.Below(8) == 0 ? 5 * activity + rng.Below(8 * activity) : rng.Below(5 * activity);
    int64_t last_day = -1;
    for (int64_t k = 0; k < calls; ++k) {
      const int64_t recruiter = rng.Below(recruiters) + 1;
      const int64_t day = rng.Below(700);
      last_day = std::max(last_day, day);
      Add(&call, {++call_id, c, recruiter, Date(day), std::string(rng.Pick(kOutcomes))});
    }
    if (calls > 0) Add(&summary, {c, calls, Date(last_day)});
  }
  return {std::move(cand), std::move(cli),  std::move(rec),    std::move(job),
          std::move(pla),  std::move(call), std::move(summary)};
}

}  // namespace lakehouse
