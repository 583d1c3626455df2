#include "workers/query/AggregateMapper.hpp"

#include <algorithm>
#include <stdexcept>

#include "workers/parse/NamedField.hpp"
#include "workers/query/ExprFieldAccess.hpp"
#include "workers/query/GroupKey.hpp"

namespace logmill::workers {
namespace {

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/// The text a distinct() or a text min()/max() sees: the field as printed,
/// except time, which is the UTC instant (one instant logged in two zones
/// is one value).
void appendAggregateText(const LogRecord& record, Field field, const std::optional<Timestamp>& time,
                         std::string& out) {
  out.clear();
  if (field != Field::Time) {
    appendFieldValue(record, field, out);
  } else if (time) {
    appendUtcIso(time->epochSeconds, out);
  } else {
    out += '-';
  }
}

/// Slots on these fields read the parsed time (date and weekday, as text,
/// come from appendFieldValue like a key).
bool readsTime(Field field) {
  return field == Field::Time || field == Field::Hour;
}

}  // namespace

std::optional<std::int64_t> aggregateNumber(const LogRecord& record, Field field,
                                            const std::optional<Timestamp>& time) {
  switch (field) {
    case Field::Status:
      if (record.status >= 0) return record.status;
      return std::nullopt;
    case Field::Bytes:
      if (record.bytes >= 0) return record.bytes;
      return std::nullopt;
    case Field::Duration:
      if (record.durationMicros >= 0) return record.durationMicros;
      return std::nullopt;
    case Field::Hour:
      if (time)
        return floorDiv(time->localSeconds(), 3600) - floorDiv(time->localSeconds(), 86400) * 24;
      return std::nullopt;
    case Field::Time:
      if (time) return time->epochSeconds;
      return std::nullopt;
    default:
      if (isNamedField(field)) return expr::fieldNumber(record, field);
      return std::nullopt;
  }
}

AggregateMapper::AggregateMapper(const Query& query, std::size_t stageFromRows)
    : m_plan(query),
      m_by(query.by),
      m_bucketSeconds(query.bucketSeconds),
      m_stageFromRows(stageFromRows) {
  m_needsTime = m_bucketSeconds != 0;
  for (const Slot& slot : m_plan.slots()) m_needsTime = m_needsTime || readsTime(slot.field);
  m_stages = m_plan.slots().size() <= kStagedSlots &&
             std::ranges::all_of(m_plan.slots(),
                                 [](const Slot& slot) { return slot.kind == SlotKind::Numbers; });
}

FieldMask AggregateMapper::fieldMask() const {
  FieldMask mask = fieldMaskFor(m_by);
  for (const Slot& slot : m_plan.slots()) mask |= fieldMaskFor(slot.field);
  if (m_bucketSeconds != 0) mask |= FieldMask::kTimeText;
  return mask;
}

void AggregateMapper::buildKey(const LogRecord& record, const std::optional<Timestamp>& time) {
  if (m_bucketSeconds == 0) {
    buildGroupKey(record, m_by, m_key);
    return;
  }
  // The bucket (one length byte, then its text) leads the --by fields' key.
  m_key.assign(1, '\0');
  if (time) {
    appendUtcIso(floorDiv(time->epochSeconds, m_bucketSeconds) * m_bucketSeconds, m_key);
  } else {
    m_key += '-';
  }
  m_key[0] = static_cast<char>(m_key.size() - 1);
  buildGroupKey(record, m_by, m_value);
  m_key += m_value;
}

std::vector<std::string_view> splitAggregateKey(std::string_view key, bool bucket,
                                                std::size_t byFields) {
  if (!bucket) return splitGroupKey(key, byFields);
  if (key.empty() || static_cast<unsigned char>(key[0]) > key.size() - 1) {
    throw std::runtime_error("corrupt aggregate key: truncated bucket");
  }
  const std::size_t n = static_cast<unsigned char>(key[0]);
  std::vector<std::string_view> parts{key.substr(1, n)};
  for (std::string_view part : splitGroupKey(key.substr(1 + n), byFields)) parts.push_back(part);
  return parts;
}

void AggregateMapper::update(SlotState& state, const Slot& slot, const LogRecord& record,
                             const std::optional<Timestamp>& time) {
  switch (slot.kind) {
    case SlotKind::Numbers:
      if (const auto v = aggregateNumber(record, slot.field, time))
        std::get<NumberStats>(state).add(*v);
      break;
    case SlotKind::Quantiles:
      if (const auto v = aggregateNumber(record, slot.field, time))
        std::get<QuantileSketch>(state).add(*v);
      break;
    case SlotKind::Texts:
      appendAggregateText(record, slot.field, time, m_value);
      std::get<TextRange>(state).add(m_value);
      break;
    case SlotKind::DistinctSet: {
      appendAggregateText(record, slot.field, time, m_value);
      auto& set = std::get<DistinctSet>(state);
      if (set.find(std::string_view(m_value)) == set.end()) set.emplace(m_value);
      break;
    }
    case SlotKind::DistinctSketch:
      appendAggregateText(record, slot.field, time, m_value);
      std::get<HyperLogLog>(state).add(m_value);
      break;
  }
}

void AggregateMapper::initTable(AggregateTable& into) const {
  if (into.empty() && into.slots() != m_plan.slots()) into = AggregateTable(m_plan.slots());
}

auto AggregateMapper::applier(AggregateTable& into) const {
  return [this, &into](const StagedLine& line) {
    AggregateRow& row = into.row(line.key, line.hash);
    ++row.count;
    for (std::size_t i = 0; i < m_plan.slots().size(); ++i) {
      if (line.numbers[i]) std::get<NumberStats>(row.states[i]).add(*line.numbers[i]);
    }
  };
}

void AggregateMapper::stage(const LogRecord& record, AggregateTable& into) {
  if (!m_stages || (m_ring.pending() == 0 && into.rows().size() < m_stageFromRows)) {
    map(record, into);
    return;
  }
  initTable(into);
  const std::optional<Timestamp> time = m_needsTime ? record.time() : std::nullopt;
  buildKey(record, time);
  StagedLine& line = m_ring.next(applier(into));
  line.key.assign(m_key);
  line.hash = flatStringHash(line.key);
  const std::vector<Slot>& slots = m_plan.slots();
  for (std::size_t i = 0; i < slots.size(); ++i) {
    line.numbers[i] = aggregateNumber(record, slots[i].field, time);
  }
  m_ring.push([&into](std::uint64_t hash, LookupStage stage) {
    switch (stage) {
      case LookupStage::kSlot:
        into.prefetchSlot(hash);
        break;
      case LookupStage::kEntry:
        into.prefetchEntry(hash);
        break;
      case LookupStage::kData:
        into.prefetchRowData(hash);
        break;
    }
  });
}

void AggregateMapper::flush(AggregateTable& into) {
  m_ring.flush(applier(into));
}

void AggregateMapper::map(const LogRecord& record, AggregateTable& into) {
  initTable(into);
  const std::optional<Timestamp> time = m_needsTime ? record.time() : std::nullopt;
  buildKey(record, time);
  AggregateRow& row = into.row(m_key);
  ++row.count;
  const std::vector<Slot>& slots = m_plan.slots();
  for (std::size_t i = 0; i < slots.size(); ++i) update(row.states[i], slots[i], record, time);
}

}  // namespace logmill::workers
