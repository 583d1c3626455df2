#include "workers/Query.hpp"

#include "workers/ByteCodec.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kMagic = "LMQ";
constexpr std::uint64_t kVersion = 1;
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
  r.finish();
  return q;
}

}  // namespace logmill::workers
