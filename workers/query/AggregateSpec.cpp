#include "workers/query/AggregateSpec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <stdexcept>

#include "workers/parse/NamedField.hpp"
#include "workers/query/AggregateError.hpp"

namespace logmill::workers {
namespace {

constexpr std::array<std::string_view, kAggregateKindCount> kKindNames = {
    "count", "sum", "avg", "min", "max", "distinct", "p"};

constexpr std::string_view kAggregateHelp =
    "count, sum(F), avg(F), min(F), max(F), distinct(F) or pNN(F) with NN in 1..99";

[[noreturn]] void bad(std::string_view item, std::string_view why) {
  throw AggregateError("bad aggregate '" + std::string(item) + "': " + std::string(why));
}

/// `p95` -> 95; 0 if `name` is not p followed by 1..99.
std::uint8_t percentileOf(std::string_view name) {
  if (name.size() < 2 || name.size() > 3 || name[0] != 'p') return 0;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), value);
  if (ec != std::errc{} || end != name.data() + name.size() || name[1] == '0') return 0;
  return value >= 1 && value <= 99 ? static_cast<std::uint8_t>(value) : 0;
}

AggregateSpec parseOne(std::string_view item, const FieldScope* scope) {
  if (item == "count") return {};
  const std::size_t open = item.find('(');
  if (open == std::string_view::npos || item.back() != ')') bad(item, kAggregateHelp);
  const std::string_view name = item.substr(0, open);
  const std::string_view fieldText = item.substr(open + 1, item.size() - open - 2);
  AggregateSpec spec;
  if (const std::uint8_t p = percentileOf(name); p != 0) {
    spec.kind = AggregateKind::Percentile;
    spec.percentile = p;
  } else {
    int kind = 1;  // count takes no field
    while (kind < kAggregateKindCount - 1 && kKindNames[static_cast<std::size_t>(kind)] != name)
      ++kind;
    if (kind == kAggregateKindCount - 1) bad(item, kAggregateHelp);
    spec.kind = static_cast<AggregateKind>(kind);
  }
  const auto field = scope ? scope->find(fieldText) : fieldFromName(fieldText);
  if (!field) {
    const std::string own = scope ? scope->formatFieldNames() : std::string();
    bad(item, "unknown field '" + std::string(fieldText) + "'" +
                  (own.empty() ? "" : " (this log format's own fields: " + own + ")"));
  }
  spec.field = *field;
  validateAggregate(spec);
  return spec;
}

}  // namespace

std::string aggregateName(const AggregateSpec& spec) {
  if (spec.kind == AggregateKind::Count) return "count";
  std::string name(kKindNames[static_cast<std::size_t>(spec.kind)]);
  if (spec.kind == AggregateKind::Percentile) name += std::to_string(spec.percentile);
  return name + "(" + std::string(fieldName(spec.field)) + ")";
}

bool isOrderedNumber(Field field) {
  // A named field aggregates as a number (values that are none are skipped).
  return isNumericField(field) || field == Field::Time || isNamedField(field);
}

void validateAggregate(const AggregateSpec& spec) {
  const std::string name = aggregateName(spec);
  const auto fail = [&](const std::string& why) {
    throw AggregateError("bad aggregate '" + name + "': " + why);
  };
  if (static_cast<int>(spec.kind) >= kAggregateKindCount) fail("unknown kind");
  if (static_cast<int>(spec.field) >= kFieldCount && !isNamedField(spec.field))
    fail("unknown field");
  if ((spec.kind == AggregateKind::Percentile) != (spec.percentile >= 1 && spec.percentile <= 99)) {
    fail("a percentile is p1..p99");
  }
  const std::string field(fieldName(spec.field));
  switch (spec.kind) {
    case AggregateKind::Sum:
      if (spec.field == Field::Time)
        fail("a sum of instants means nothing; use avg, min, max or pNN");
      [[fallthrough]];
    case AggregateKind::Avg:
    case AggregateKind::Percentile:
      if (!isOrderedNumber(spec.field)) {
        fail("'" + field + "' is not numeric (sum, avg and pNN take status, bytes, hour or time)");
      }
      break;
    default:
      break;
  }
}

std::vector<AggregateSpec> parseAggregates(std::string_view list, const FieldScope* scope) {
  std::vector<AggregateSpec> specs;
  std::size_t start = 0;
  while (start <= list.size()) {
    // Split on commas outside parentheses (a field name has none, but the
    // error for `sum(a,b)` then names the whole item).
    std::size_t end = start;
    int depth = 0;
    while (end < list.size() && (list[end] != ',' || depth > 0)) {
      depth += list[end] == '(' ? 1 : list[end] == ')' ? -1 : 0;
      ++end;
    }
    const std::string_view item = list.substr(start, end - start);
    if (item.empty())
      throw AggregateError("empty item in aggregate list '" + std::string(list) + "'");
    specs.push_back(parseOne(item, scope));
    start = end + 1;
  }
  return specs;
}

std::uint32_t parseBucket(std::string_view text) {
  const auto fail = [&] {
    throw std::invalid_argument("bad bucket width '" + std::string(text) +
                                "': expected 30s, 5m, 1h, 1d or the like (at most 366d)");
  };
  if (text.size() < 2) fail();
  std::uint64_t unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      fail();
  }
  std::uint64_t n = 0;
  const char* last = text.data() + text.size() - 1;
  const auto [end, ec] = std::from_chars(text.data(), last, n);
  if (ec != std::errc{} || end != last || n == 0 || n > kMaxBucketSeconds / unit) fail();
  return static_cast<std::uint32_t>(n * unit);
}

void appendUtcIso(std::int64_t epochSeconds, std::string& out) {
  using namespace std::chrono;
  // Years 0000..9999, what a log line can state; clamping keeps a decoded
  // (possibly hostile) instant from overflowing the calendar arithmetic.
  constexpr std::int64_t kFirst = -62167219200, kLast = 253402300799;
  const sys_seconds t{seconds{std::clamp(epochSeconds, kFirst, kLast)}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[40];
  char* p = buf;
  const auto put = [&p](long long v, int width) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v < 0 ? -v : v);
    (void)ec;
    if (v < 0) *p++ = '-';
    for (long long pad = width - (end - digits); pad > 0; --pad) *p++ = '0';
    for (char* d = digits; d != end; ++d) *p++ = *d;
  };
  put(static_cast<int>(ymd.year()), 4);
  *p++ = '-';
  put(static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  put(static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  put(hms.hours().count(), 2);
  *p++ = ':';
  put(hms.minutes().count(), 2);
  *p++ = ':';
  put(hms.seconds().count(), 2);
  *p++ = 'Z';
  out.append(buf, p);
}

}  // namespace logmill::workers
