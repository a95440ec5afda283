#include "jobs/cron_schedule.h"

#include <array>
#include <bit>
#include <cctype>
#include <vector>

namespace lakehouse {
namespace {

constexpr int64_t kMicrosPerMinute = 60'000'000;
constexpr int64_t kMinutesPerDay = 24 * 60;
// NextAfter gives up this many years past its start; Parse guarantees a match long before
// (the worst case, Feb 29 on a given weekday, recurs within 40 years).
constexpr int64_t kSearchYears = 400;

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED",
                                                       "THU", "FRI", "SAT"};

struct FieldSpec {
  std::string_view name;
  int min;
  int max;                                  // inclusive; 7 for day-of-week (an alias of 0)
  const std::string_view* names = nullptr;  // names[i] has the value names_base + i
  int names_count = 0;
  int names_base = 0;
};

constexpr FieldSpec kMinuteSpec{"minute", 0, 59};
constexpr FieldSpec kHourSpec{"hour", 0, 23};
constexpr FieldSpec kDaySpec{"day-of-month", 1, 31};
constexpr FieldSpec kMonthSpec{"month", 1, 12, kMonthNames.data(), 12, 1};
constexpr FieldSpec kWeekdaySpec{"day-of-week", 0, 7, kDayNames.data(), 7, 0};

std::string Range(const FieldSpec& spec) {
  return StrCat(std::to_string(spec.min), "-", std::to_string(spec.max));
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

// 0 = Sunday. 1970-01-01 was a Thursday.
int WeekdayFromDays(int64_t z) { return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6); }

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr std::array<int, 13> kDays = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month];
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The lowest set bit at or above `from`, or -1.
int NextBit(uint64_t mask, int from) {
  if (from >= 64) return -1;
  const uint64_t rest = mask & (~uint64_t{0} << from);
  return rest == 0 ? -1 : std::countr_zero(rest);
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

// Parses one field into a bit mask. Errors read "<name> field '<field>': <why>"; when the field
// is a list, <why> names the offending item.
class FieldParser {
 public:
  FieldParser(const FieldSpec& spec, std::string_view field) : spec_(spec), field_(field) {}

  Result<uint64_t> Parse() {
    uint64_t mask = 0;
    for (std::string_view item : Split(field_, ',')) {
      if (item.empty()) return Error("empty list item");
      LH_ASSIGN_OR_RETURN(uint64_t bits, ParseItem(item));
      mask |= bits;
    }
    return mask;
  }

 private:
  Result<uint64_t> ParseItem(std::string_view item) {
    std::vector<std::string_view> parts = Split(item, '/');
    if (parts.size() > 2) return Error(StrCat("more than one '/' in ", Quoted(item)));
    std::string_view base = parts[0];
    int step = 1;
    int first = 0;
    int last = 0;
    if (base == "*") {
      first = spec_.min;
      last = spec_.max == 7 ? 6 : spec_.max;  // day-of-week '*' is 0-6; 7 only aliases 0
    } else if (size_t dash = base.find('-'); dash != std::string_view::npos) {
      LH_ASSIGN_OR_RETURN(first, ParseValue(base.substr(0, dash)));
      LH_ASSIGN_OR_RETURN(last, ParseValue(base.substr(dash + 1)));
      if (first > last) {
        return Error(StrCat("range ", Quoted(base), " is reversed (start greater than end)"));
      }
    } else {
      LH_ASSIGN_OR_RETURN(first, ParseValue(base));
      last = parts.size() == 2 ? spec_.max : first;  // `a/n` steps from a to the field's max
    }
    if (parts.size() == 2) {
      std::string_view text = parts[1];
      if (text.empty() || text.size() > 3 ||
          text.find_first_not_of("0123456789") != std::string_view::npos) {
        return Error(StrCat("step ", Quoted(text), " is not a number"));
      }
      step = std::stoi(std::string(text));
      if (step < 1 || step > spec_.max - spec_.min + 1) {
        return Error(
            StrCat("step ", text, " out of range 1-", std::to_string(spec_.max - spec_.min + 1)));
      }
    }
    uint64_t bits = 0;
    for (int v = first; v <= last; v += step) {
      bits |= uint64_t{1} << (spec_.max == 7 && v == 7 ? 0 : v);
    }
    return bits;
  }

  Result<int> ParseValue(std::string_view token) {
    if (token.empty()) return Error("missing value");
    if (std::isalpha(static_cast<unsigned char>(token[0]))) {
      if (spec_.names == nullptr) return Error(StrCat(Quoted(token), " is not a number"));
      const std::string upper = Upper(token);
      for (int i = 0; i < spec_.names_count; ++i) {
        if (spec_.names[i] == upper) return spec_.names_base + i;
      }
      return Error(StrCat("unknown name ", Quoted(token)));
    }
    if (token.find_first_not_of("0123456789") != std::string_view::npos) {
      return Error(StrCat(Quoted(token), " is not a number"));
    }
    // Long digit strings are out of range whatever they say; this also keeps stoi in range.
    const int value = token.size() > 4 ? spec_.max + 1 : std::stoi(std::string(token));
    if (value < spec_.min || value > spec_.max) {
      return Error(StrCat("value", token == field_ ? "" : StrCat(" ", token), " out of range ",
                          Range(spec_)));
    }
    return value;
  }

  static std::string Quoted(std::string_view s) { return StrCat("'", s, "'"); }

  Status Error(std::string_view why) const {
    return InvalidArgument(spec_.name, " field '", field_, "': ", why);
  }

  const FieldSpec& spec_;
  std::string_view field_;
};

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view expr) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (true) {
    pos = expr.find_first_not_of(" \t", pos);
    if (pos == std::string_view::npos) break;
    size_t end = expr.find_first_of(" \t", pos);
    fields.push_back(expr.substr(pos, end == std::string_view::npos ? end : end - pos));
    pos = end;
  }
  if (fields.size() != 5) {
    return InvalidArgument("cron expression '", expr, "' has ", std::to_string(fields.size()),
                           " fields; expected 5 (minute hour day-of-month month day-of-week)");
  }

  CronSchedule schedule;
  schedule.expression_ = std::string(expr);
  LH_ASSIGN_OR_RETURN(schedule.minutes_, FieldParser(kMinuteSpec, fields[0]).Parse());
  LH_ASSIGN_OR_RETURN(uint64_t hours, FieldParser(kHourSpec, fields[1]).Parse());
  LH_ASSIGN_OR_RETURN(uint64_t days, FieldParser(kDaySpec, fields[2]).Parse());
  LH_ASSIGN_OR_RETURN(uint64_t months, FieldParser(kMonthSpec, fields[3]).Parse());
  LH_ASSIGN_OR_RETURN(uint64_t weekdays, FieldParser(kWeekdaySpec, fields[4]).Parse());
  schedule.hours_ = static_cast<uint32_t>(hours);
  schedule.days_ = static_cast<uint32_t>(days);
  schedule.months_ = static_cast<uint32_t>(months);
  schedule.weekdays_ = static_cast<uint32_t>(weekdays);
  schedule.days_restricted_ = fields[2][0] != '*';
  schedule.weekdays_restricted_ = fields[4][0] != '*';

  // With the OR rule any weekday matches some day of every month. Otherwise the day-of-month
  // set must fit in some selected month (leap years included); the weekday then follows,
  // since every date falls on every weekday within a few decades.
  if (!(schedule.days_restricted_ && schedule.weekdays_restricted_)) {
    bool possible = false;
    for (int m = 1; m <= 12 && !possible; ++m) {
      // Bits 0..max day: 64-bit, since a 31-day month needs a shift by 32.
      const uint64_t fits = (uint64_t{1} << (DaysInMonth(2000, m) + 1)) - 1;
      possible = (schedule.months_ >> m & 1) && (uint64_t{schedule.days_} & fits) != 0;
    }
    if (!possible) {
      return InvalidArgument("day-of-month field '", fields[2],
                             "': no selected day exists in any selected month (month field '",
                             fields[3], "'), so the schedule would never fire");
    }
  }
  return schedule;
}

bool CronSchedule::DayMatches(int64_t year, int month, int day) const {
  const bool day_match = (days_ >> day & 1) != 0;
  const bool weekday_match =
      (weekdays_ >> WeekdayFromDays(DaysFromCivil(year, month, day)) & 1) != 0;
  if (days_restricted_ && weekdays_restricted_) return day_match || weekday_match;
  return day_match && weekday_match;
}

int64_t CronSchedule::NextAfter(int64_t epoch_micros) const {
  const int64_t start = FloorDiv(epoch_micros, kMicrosPerMinute) + 1;  // next whole minute
  const int64_t start_days = FloorDiv(start, kMinutesPerDay);
  int hour = static_cast<int>((start - start_days * kMinutesPerDay) / 60);
  int minute = static_cast<int>((start - start_days * kMinutesPerDay) % 60);
  int64_t year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(start_days, &year, &month, &day);
  const int64_t last_year = year + kSearchYears;

  auto next_day = [&] {
    hour = 0;
    minute = 0;
    if (++day > DaysInMonth(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  };

  while (year <= last_year) {
    if ((months_ >> month & 1) == 0) {
      int next = NextBit(months_, month + 1);
      if (next < 0) {
        next = NextBit(months_, 1);
        ++year;
      }
      month = next;
      day = 1;
      hour = 0;
      minute = 0;
      continue;
    }
    if (!DayMatches(year, month, day)) {
      next_day();
      continue;
    }
    const int next_hour = NextBit(hours_, hour);
    if (next_hour < 0) {
      next_day();
      continue;
    }
    if (next_hour != hour) {
      hour = next_hour;
      minute = 0;
    }
    const int next_minute = NextBit(minutes_, minute);
    if (next_minute < 0) {
      minute = 0;
      if (++hour == 24) next_day();
      continue;
    }
    const int64_t minutes =
        DaysFromCivil(year, month, day) * kMinutesPerDay + hour * 60 + next_minute;
    if (minutes > kNever / kMicrosPerMinute) return kNever;
    return minutes * kMicrosPerMinute;
  }
  return kNever;
}

}  // namespace lakehouse
