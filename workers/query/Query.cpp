#include "workers/query/Query.hpp"

#include <algorithm>
#include <stdexcept>

#include "workers/base/ByteCodec.hpp"
#include "workers/parse/NamedField.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kMagic = "LMQ";
constexpr std::uint64_t kVersion = 3;  // 2: aggregates, bucket, approx; 3: named fields
constexpr std::uint64_t kMaxCommand = static_cast<std::uint64_t>(Command::Grep);
/// The named fields of a query, in order of first use: the encoding numbers
/// them from kFirstNamedField by their place here, as the process that
/// decodes it may have given them other Field values.
class NamedFieldTable {
 public:
  explicit NamedFieldTable(const Query& q) {
    for (const Field f : q.by) note(f);
    for (const AggregateSpec& a : q.aggregates) note(a.field);
  }
  void encode(ByteWriter& w) const {
    w.varint(m_fields.size());
    for (const Field f : m_fields) w.bytes(namedFieldName(f));
  }
  [[nodiscard]] std::uint64_t wire(Field f) const {
    if (!isNamedField(f)) return static_cast<std::uint64_t>(f);
    const auto at = std::find(m_fields.begin(), m_fields.end(), f) - m_fields.begin();
    return static_cast<std::uint64_t>(kFirstNamedField + at);
  }

 private:
  void note(Field f) {
    if (isNamedField(f) && std::find(m_fields.begin(), m_fields.end(), f) == m_fields.end()) {
      m_fields.push_back(f);
    }
  }
  std::vector<Field> m_fields;
};

std::vector<Field> decodeNamedFields(ByteReader& r) {
  const std::uint64_t n = r.count(1);
  if (n > kMaxNamedFields) r.fail("too many named fields");
  std::vector<Field> fields;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string_view name = r.bytes();
    if (!isFieldNameSyntax(name)) r.fail("bad field name");
    fields.push_back(namedField(name));
  }
  return fields;
}

Field decodeField(std::uint64_t wire, const std::vector<Field>& named, ByteReader& r) {
  if (wire < static_cast<std::uint64_t>(kFieldCount)) return static_cast<Field>(wire);
  const std::uint64_t index = wire - static_cast<std::uint64_t>(kFirstNamedField);
  if (wire < static_cast<std::uint64_t>(kFirstNamedField) || index >= named.size()) {
    r.fail("unknown field");
  }
  return named[index];
}

}  // namespace

std::string_view commandName(Command command) {
  switch (command) {
    case Command::Robots: return "robots";
    case Command::Count: return "count";
    case Command::Top: return "top";
    case Command::Report: return "report";
    case Command::Grep: return "grep";
  }
  return "?";
}

bool usesAggregates(const Query& query) {
  const bool loneCount = query.aggregates.empty() ||
                         (query.aggregates.size() == 1 && query.aggregates[0].kind == AggregateKind::Count);
  return query.bucketSeconds != 0 || !loneCount;
}

std::string Query::encode() const {
  ByteWriter w;
  w.raw(kMagic);
  w.varint(kVersion);
  const NamedFieldTable named(*this);
  named.encode(w);
  w.varint(static_cast<std::uint64_t>(command));
  w.varint(by.size());
  for (Field f : by) w.varint(named.wire(f));
  w.bytes(where);
  w.bytes(logFormat);
  w.varint(topN);
  w.varint(aggregates.size());
  for (const AggregateSpec& a : aggregates) {
    w.varint(static_cast<std::uint64_t>(a.kind));
    w.varint(named.wire(a.field));
    w.varint(a.percentile);
  }
  w.varint(bucketSeconds);
  w.varint(approxDistinct ? 1 : 0);
  return w.take();
}

Query Query::decode(std::string_view bytes) {
  ByteReader r(bytes, "query");
  r.expect(kMagic);
  if (r.varint() != kVersion) r.fail("unsupported version");
  Query q;
  const std::vector<Field> named = decodeNamedFields(r);
  const std::uint64_t command = r.varint();
  if (command > kMaxCommand) r.fail("unknown command");
  q.command = static_cast<Command>(command);
  const std::uint64_t n = r.count(1);
  for (std::uint64_t i = 0; i < n; ++i) {
    q.by.push_back(decodeField(r.varint(), named, r));
  }
  q.where = std::string(r.bytes());
  q.logFormat = std::string(r.bytes());
  q.topN = r.varint();
  const std::uint64_t aggregates = r.count(3);
  for (std::uint64_t i = 0; i < aggregates; ++i) {
    const std::uint64_t kind = r.varint(), field = r.varint(), percentile = r.varint();
    if (kind >= kAggregateKindCount || percentile > 99) r.fail("unknown aggregate");
    const AggregateSpec spec{static_cast<AggregateKind>(kind), decodeField(field, named, r),
                             static_cast<std::uint8_t>(percentile)};
    try {
      validateAggregate(spec);
    } catch (const std::invalid_argument&) {
      r.fail("invalid aggregate");
    }
    q.aggregates.push_back(spec);
  }
  const std::uint64_t bucket = r.varint();
  if (bucket > kMaxBucketSeconds) r.fail("bucket too wide");
  q.bucketSeconds = static_cast<std::uint32_t>(bucket);
  const std::uint64_t approx = r.varint();
  if (approx > 1) r.fail("bad approx flag");
  q.approxDistinct = approx == 1;
  r.finish();
  return q;
}

}  // namespace logmill::workers
