#include "workers/query/AggregateTable.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "workers/base/addCount.hpp"
#include "workers/parse/NamedField.hpp"

namespace logmill::workers {
namespace {

SlotState emptyState(SlotKind kind) {
  switch (kind) {
    case SlotKind::Numbers:
      return NumberStats{};
    case SlotKind::Texts:
      return TextRange{};
    case SlotKind::DistinctSet:
      return DistinctSet{};
    case SlotKind::DistinctSketch:
      return HyperLogLog{};
    case SlotKind::Quantiles:
      return QuantileSketch{};
  }
  return NumberStats{};
}

void encodeState(const SlotState& state, ByteWriter& w) {
  if (const auto* s = std::get_if<NumberStats>(&state)) {
    w.varint(s->n);
    if (s->n == 0) return;
    const auto sum = static_cast<UInt128>(s->sum);
    w.varint(static_cast<std::uint64_t>(sum));
    w.varint(static_cast<std::uint64_t>(sum >> 64));
    w.signedVarint(s->min);
    w.signedVarint(s->max);
  } else if (const auto* t = std::get_if<TextRange>(&state)) {
    w.varint(t->any ? 1 : 0);
    if (!t->any) return;
    w.bytes(t->min);
    w.bytes(t->max);
  } else if (const auto* d = std::get_if<DistinctSet>(&state)) {
    w.varint(d->size());
    for (const std::string& v : *d) w.bytes(v);
  } else if (const auto* h = std::get_if<HyperLogLog>(&state)) {
    h->encode(w);
  } else {
    std::get<QuantileSketch>(state).encode(w);
  }
}

NumberStats decodeNumbers(ByteReader& r) {
  NumberStats s;
  s.n = r.varint();
  if (s.n == 0) return s;
  const std::uint64_t lo = r.varint(), hi = r.varint();
  s.sum = static_cast<Int128>((static_cast<UInt128>(hi) << 64) | lo);
  s.min = r.signedVarint();
  s.max = r.signedVarint();
  if (s.min > s.max) r.fail("aggregate minimum above maximum");
  return s;
}

TextRange decodeTexts(ByteReader& r) {
  TextRange t;
  const std::uint64_t any = r.varint();
  if (any > 1) r.fail("bad text range flag");
  if (any == 0) return t;
  t.any = true;
  t.min = std::string(r.bytes());
  t.max = std::string(r.bytes());
  r.charge(t.min.size() + t.max.size());
  if (t.min > t.max) r.fail("aggregate minimum above maximum");
  return t;
}

DistinctSet decodeDistinct(ByteReader& r) {
  DistinctSet set;
  const std::uint64_t n = r.count(1);
  r.charge(n * sizeof(void*));  // the bucket array reserve() builds
  set.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string_view value = r.bytes();
    r.charge(kMapEntryBytes + value.size());
    if (!set.emplace(value).second) r.fail("duplicate distinct value");
  }
  return set;
}

SlotState decodeState(SlotKind kind, ByteReader& r) {
  switch (kind) {
    case SlotKind::Numbers:
      return decodeNumbers(r);
    case SlotKind::Texts:
      return decodeTexts(r);
    case SlotKind::DistinctSet:
      return decodeDistinct(r);
    case SlotKind::DistinctSketch:
      return HyperLogLog::decode(r);
    case SlotKind::Quantiles:
      return QuantileSketch::decode(r);
  }
  r.fail("unknown aggregate slot");
}

}  // namespace

void NumberStats::merge(const NumberStats& other) {
  if (other.n == 0) return;
  min = n == 0 ? other.min : std::min(min, other.min);
  max = n == 0 ? other.max : std::max(max, other.max);
  addCount(n, other.n);
  // Real sums stay far below 2^127; only a corrupt partial could overflow.
  if (__builtin_add_overflow(sum, other.sum, &sum)) throw CountOverflow("a sum passes 2^127");
}

void TextRange::merge(const TextRange& other) {
  if (!other.any) return;
  if (!any || other.min < min) min = other.min;
  if (!any || other.max > max) max = other.max;
  any = true;
}

void mergeSlotState(SlotState& into, const SlotState& from) {
  if (into.index() != from.index())
    throw std::invalid_argument("cannot merge different aggregate states");
  std::visit(
      [&from](auto& state) {
        using T = std::decay_t<decltype(state)>;
        const T& other = std::get<T>(from);
        if constexpr (std::is_same_v<T, DistinctSet>) {
          state.insert(other.begin(), other.end());
        } else {
          state.merge(other);
        }
      },
      into);
}

AggregateTable::AggregateTable(std::vector<Slot> slots) : m_slots(std::move(slots)) {
  if (m_slots.size() > kMaxSlots) throw std::invalid_argument("too many aggregates (at most 64)");
}

void AggregateTable::initRow(AggregateRow& row) const {
  row.states.reserve(m_slots.size());
  for (const Slot& slot : m_slots) row.states.push_back(emptyState(slot.kind));
}

bool AggregateTable::adoptSlots(const AggregateTable& other) {
  if (other.m_rows.empty()) return false;  // nothing to merge
  if (m_rows.empty()) {
    m_slots = other.m_slots;
  } else if (m_slots != other.m_slots) {
    throw std::invalid_argument("cannot merge aggregates of different queries");
  }
  return true;
}

void AggregateTable::merge(const AggregateTable& other) {
  if (!adoptSlots(other)) return;
  for (const auto& [key, from] : other.m_rows) {
    AggregateRow& into = row(key);
    addCount(into.count, from.count);
    for (std::size_t i = 0; i < m_slots.size(); ++i) mergeSlotState(into.states[i], from.states[i]);
  }
}

void AggregateTable::merge(AggregateTable&& other) {
  if (!adoptSlots(other)) return;
  if (other.m_rows.size() > m_rows.size()) std::swap(m_rows, other.m_rows);
  for (auto& [key, from] : other.m_rows) {
    auto it = m_rows.find(key);
    if (it == m_rows.end()) {
      m_rows.emplace(key, std::move(from));
      continue;
    }
    AggregateRow& into = it->second;
    addCount(into.count, from.count);
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
      // Union the smaller distinct set into the larger one.
      auto* a = std::get_if<DistinctSet>(&into.states[i]);
      auto* b = std::get_if<DistinctSet>(&from.states[i]);
      if (a && b && b->size() > a->size()) std::swap(*a, *b);
      mergeSlotState(into.states[i], from.states[i]);
    }
  }
  other = AggregateTable{};
}

void AggregateTable::encode(ByteWriter& w) const {
  w.varint(m_slots.size());
  for (const Slot& s : m_slots) {
    w.varint(static_cast<std::uint64_t>(s.kind));
    w.varint(static_cast<std::uint64_t>(s.field));
  }
  w.varint(m_rows.size());
  for (const auto& [key, row] : m_rows) {
    w.bytes(key);
    w.varint(row.count);
    for (const SlotState& state : row.states) encodeState(state, w);
  }
}

AggregateTable AggregateTable::decode(ByteReader& r) {
  const std::uint64_t slots = r.count(2);
  if (slots > kMaxSlots) r.fail("too many aggregate slots");
  AggregateTable t;
  for (std::uint64_t i = 0; i < slots; ++i) {
    const std::uint64_t kind = r.varint(), field = r.varint();
    // A named field is one this process has given out (its query named it).
    const bool known = field < kFieldCount || (field <= 0xff && field >= kFirstNamedField &&
                                               !namedFieldName(static_cast<Field>(field)).empty());
    if (kind >= kSlotKindCount || !known) r.fail("unknown aggregate slot");
    t.m_slots.push_back({static_cast<SlotKind>(kind), static_cast<Field>(field)});
  }
  // A row is at least a key length, a count and a byte per slot.
  const std::uint64_t rows = r.count(2 + slots);
  r.charge(rows * 4 * sizeof(std::uint64_t));  // the index reserve() builds (2-4 slots a row)
  t.m_rows.reserve(rows);
  for (std::uint64_t i = 0; i < rows; ++i) {
    const std::string_view key = r.bytes();
    r.charge(kMapEntryBytes + sizeof(AggregateRow) + key.size() + slots * sizeof(SlotState));
    AggregateRow row;
    row.count = r.varint();
    row.states.reserve(slots);
    for (const Slot& slot : t.m_slots) row.states.push_back(decodeState(slot.kind, r));
    if (!t.m_rows.emplace(std::string(key), std::move(row)).second)
      r.fail("duplicate aggregate key");
  }
  return t;
}

}  // namespace logmill::workers
