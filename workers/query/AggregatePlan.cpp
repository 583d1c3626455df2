#include "workers/query/AggregatePlan.hpp"

#include <algorithm>
#include <cmath>

#include "workers/parse/NamedField.hpp"
#include "workers/query/AggregateError.hpp"

namespace logmill::workers {
namespace {

using Type = AggregateValue::Type;

/// Fields whose numbers are millionths, shown with up to six decimals:
/// duration (seconds) and a format's named fields.
bool inMillionths(Field field) {
  return field == Field::Duration || isNamedField(field);
}

SlotKind slotKindFor(const AggregateSpec& spec, bool approx) {
  switch (spec.kind) {
    case AggregateKind::Distinct:
      return approx ? SlotKind::DistinctSketch : SlotKind::DistinctSet;
    case AggregateKind::Percentile:
      return SlotKind::Quantiles;
    case AggregateKind::Min:
    case AggregateKind::Max:
      return isOrderedNumber(spec.field) ? SlotKind::Numbers : SlotKind::Texts;
    default:
      return SlotKind::Numbers;
  }
}

std::string int128ToString(Int128 v) {
  const bool negative = v < 0;
  auto u = negative ? -static_cast<UInt128>(v) : static_cast<UInt128>(v);
  std::string digits;
  do {
    digits += static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0);
  if (negative) digits += '-';
  return {digits.rbegin(), digits.rend()};
}

/// num / den rounded half away from zero; den > 0. Saturates instead of
/// overflowing (only a corrupt sum could get near).
Int128 roundedDivide(Int128 num, Int128 den, Int128 scale) {
  const Int128 q = num / den, r = num % den;
  Int128 whole = 0, fraction = 0;
  if (__builtin_mul_overflow(q, scale, &whole))
    return q < 0 ? -(Int128{1} << 120) : (Int128{1} << 120);
  // |r| < den < 2^64 and scale <= 100: no overflow.
  const Int128 scaled = r * scale;
  fraction = scaled / den;
  const Int128 rest = scaled % den;
  if (2 * (rest < 0 ? -rest : rest) >= den) fraction += num < 0 ? -1 : 1;
  return whole + fraction;
}

AggregateValue numberValue(Field field, Int128 v) {
  if (inMillionths(field)) return {Type::Micros, v, {}};
  return {field == Field::Time ? Type::Instant : Type::Integer, v, {}};
}

}  // namespace

std::string AggregateValue::toString() const {
  switch (type) {
    case Type::Null:
      return "-";
    case Type::Integer:
      return int128ToString(number);
    case Type::Hundredths: {
      const Int128 magnitude = number < 0 ? -number : number;
      std::string cents = int128ToString(magnitude % 100);
      if (cents.size() < 2) cents.insert(0, "0");
      return (number < 0 ? "-" : "") + int128ToString(magnitude / 100) + "." + cents;
    }
    case Type::Instant: {
      std::string out;
      appendUtcIso(static_cast<std::int64_t>(std::clamp<Int128>(number, INT64_MIN, INT64_MAX)),
                   out);
      return out;
    }
    case Type::Text:
      return text;
    case Type::Micros: {
      std::string out;
      if (number < 0) out += '-';
      const Int128 magnitude = number < 0 ? -number : number;
      appendSeconds(static_cast<std::int64_t>(std::min<Int128>(magnitude, INT64_MAX)), out);
      return out;
    }
  }
  return "-";
}

int compare(const AggregateValue& a, const AggregateValue& b) {
  if (a.type == Type::Null || b.type == Type::Null) {
    return (a.type != Type::Null) - (b.type != Type::Null);
  }
  if (a.type == Type::Text || b.type == Type::Text) {
    const int c = a.text.compare(b.text);
    return (c > 0) - (c < 0);
  }
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

AggregatePlan::AggregatePlan(const Query& query) {
  const std::vector<AggregateSpec> specs =
      query.aggregates.empty() ? std::vector<AggregateSpec>{AggregateSpec{}} : query.aggregates;
  for (const AggregateSpec& spec : specs) {
    validateAggregate(spec);
    AggregateColumn column{spec, 0};
    if (spec.kind != AggregateKind::Count) {
      const Slot slot{slotKindFor(spec, query.approxDistinct), spec.field};
      auto it = std::find(m_slots.begin(), m_slots.end(), slot);
      column.slot = static_cast<std::size_t>(it - m_slots.begin());
      if (it == m_slots.end()) m_slots.push_back(slot);
    }
    m_columns.push_back(column);
  }
  if (m_slots.size() > AggregateTable::kMaxSlots)
    throw AggregateError("too many aggregates (at most 64)");
  if (query.bucketSeconds != 0) m_keyNames.emplace_back("bucket");
  for (Field f : query.by) m_keyNames.emplace_back(fieldName(f));
}

AggregateValue AggregatePlan::value(const AggregateRow& row, std::size_t index) const {
  const AggregateColumn& column = m_columns[index];
  const Field field = column.spec.field;
  if (column.spec.kind == AggregateKind::Count) return {Type::Integer, row.count, {}};
  const SlotState& state = row.states[column.slot];
  switch (column.spec.kind) {
    case AggregateKind::Sum:
      return {
          inMillionths(field) ? Type::Micros : Type::Integer, std::get<NumberStats>(state).sum, {}};
    case AggregateKind::Avg: {
      const auto& s = std::get<NumberStats>(state);
      if (s.n == 0) return {};
      if (field == Field::Time) return {Type::Instant, roundedDivide(s.sum, s.n, 1), {}};
      if (inMillionths(field)) return {Type::Micros, roundedDivide(s.sum, s.n, 1), {}};
      return {Type::Hundredths, roundedDivide(s.sum, s.n, 100), {}};
    }
    case AggregateKind::Min:
    case AggregateKind::Max: {
      const bool min = column.spec.kind == AggregateKind::Min;
      if (const auto* t = std::get_if<TextRange>(&state)) {
        if (!t->any) return {};
        return {Type::Text, 0, min ? t->min : t->max};
      }
      const auto& s = std::get<NumberStats>(state);
      if (s.n == 0) return {};
      return numberValue(field, min ? s.min : s.max);
    }
    case AggregateKind::Distinct:
      if (const auto* h = std::get_if<HyperLogLog>(&state)) {
        return {Type::Integer, static_cast<Int128>(std::llround(h->estimate())), {}};
      }
      return {Type::Integer, static_cast<Int128>(std::get<DistinctSet>(state).size()), {}};
    case AggregateKind::Percentile: {
      const auto v = std::get<QuantileSketch>(state).percentile(column.spec.percentile);
      if (!v) return {};
      return numberValue(field, *v);
    }
    case AggregateKind::Count:
      break;
  }
  return {};
}

}  // namespace logmill::workers
