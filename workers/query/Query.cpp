#include "workers/query/Query.hpp"

#include <stdexcept>

#include "workers/base/ByteCodec.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kMagic = "LMQ";
constexpr std::uint64_t kVersion = 2;  // 2: aggregates, bucket, approx
constexpr std::uint64_t kMaxCommand = static_cast<std::uint64_t>(Command::Grep);
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
  w.varint(static_cast<std::uint64_t>(command));
  w.varint(by.size());
  for (Field f : by) w.varint(static_cast<std::uint64_t>(f));
  w.bytes(where);
  w.bytes(logFormat);
  w.varint(topN);
  w.varint(aggregates.size());
  for (const AggregateSpec& a : aggregates) {
    w.varint(static_cast<std::uint64_t>(a.kind));
    w.varint(static_cast<std::uint64_t>(a.field));
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
  const std::uint64_t command = r.varint();
  if (command > kMaxCommand) r.fail("unknown command");
  q.command = static_cast<Command>(command);
  const std::uint64_t n = r.count(1);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t f = r.varint();
    if (f >= static_cast<std::uint64_t>(kFieldCount)) r.fail("unknown field");
    q.by.push_back(static_cast<Field>(f));
  }
  q.where = std::string(r.bytes());
  q.logFormat = std::string(r.bytes());
  q.topN = r.varint();
  const std::uint64_t aggregates = r.count(3);
  for (std::uint64_t i = 0; i < aggregates; ++i) {
    const std::uint64_t kind = r.varint(), field = r.varint(), percentile = r.varint();
    if (kind >= kAggregateKindCount || field >= kFieldCount || percentile > 99) r.fail("unknown aggregate");
    const AggregateSpec spec{static_cast<AggregateKind>(kind), static_cast<Field>(field),
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
