#include "engine/PartialFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <system_error>

#include "ipc/AtomicFile.hpp"
#include "ipc/Frame.hpp"
#include "ipc/posix.hpp"
#include "workers/base/ByteCodec.hpp"
#include "workers/query/AggregatePlan.hpp"

namespace logmill::engine {
namespace {

constexpr std::size_t kCrcBytes = 4;

std::string crcBytes(std::uint32_t crc) {
  std::string out(kCrcBytes, '\0');
  for (std::size_t i = 0; i < kCrcBytes; ++i) out[i] = static_cast<char>((crc >> (8 * i)) & 0xff);
  return out;
}

std::uint32_t readCrc(std::string_view four) {
  std::uint32_t crc = 0;
  for (std::size_t i = 0; i < kCrcBytes; ++i) {
    crc |= static_cast<std::uint32_t>(static_cast<unsigned char>(four[i])) << (8 * i);
  }
  return crc;
}

[[noreturn]] void failOn(std::string_view name, const std::string& why) {
  throw PartialFileError(std::string(name) + ": " + why);
}

std::string systemMessage(const char* what, const std::string& path) {
  return std::string(what) + " '" + path + "': " + std::strerror(errno);
}

std::string quoted(std::string_view s) {
  return s.empty() ? "(none)" : "'" + std::string(s) + "'";
}

workers::Query withoutOutputOptions(workers::Query q) {
  q.topN = 0;  // -n picks rows at render time; the partial holds every group
  return q;
}

/// Why `partial` holds something its own query never produces (a table
/// another query would fill), or empty. Such parts would be merged and kept
/// in memory, yet never printed: a forged file, not a logmill one.
std::string unusedParts(const workers::Query& query, const workers::Partial& partial) {
  using workers::Command;
  const std::string command(workers::commandName(query.command));
  if (partial.report() && query.command != Command::Report) {
    return "it carries a report section, which " + command + " does not use";
  }
  const bool aggregated = (query.command == Command::Count || query.command == Command::Top) &&
                          workers::usesAggregates(query);
  if (!partial.aggregates().empty()) {
    if (!aggregated) return "it carries an aggregate table, which " + command + " does not use";
    try {
      if (partial.aggregates().slots() != workers::AggregatePlan(query).slots()) {
        return "its aggregate table does not match " + describeQuery(query);
      }
    } catch (const std::invalid_argument& e) {
      return std::string("its query is not valid: ") + e.what();
    }
  }
  const bool keyed = !aggregated && (query.command == Command::Robots || !query.by.empty());
  for (const auto& [key, n] : partial.groups()) {
    if (aggregated || (!keyed && !key.empty())) {
      return "it carries group counts that " + describeQuery(query) + " does not use";
    }
  }
  return {};
}

}  // namespace

std::string encodePartialFile(const workers::Query& query, const workers::Partial& partial) {
  workers::ByteWriter w;
  w.raw(kPartialFileMagic);
  w.varint(kPartialFileVersion);
  w.bytes(query.encode());
  w.bytes(LOGMILL_VERSION);
  w.bytes(partial.encode());
  std::string out = w.take();
  out += crcBytes(ipc::crc32(out));
  return out;
}

PartialFile decodePartialFile(std::string_view bytes, std::string_view name) {
  if (bytes.substr(0, kPartialFileMagic.size()) != kPartialFileMagic) {
    failOn(name, "not a logmill partial file (no 'LOGMILL PARTIAL' header)");
  }
  std::string_view query, version, partial;
  try {
    workers::ByteReader r(bytes, "partial file");
    r.expect(kPartialFileMagic);
    const std::uint64_t format = r.varint();
    if (format != kPartialFileVersion) {
      failOn(name, "partial file format version " + std::to_string(format) +
                       " is not supported (this logmill reads version " +
                       std::to_string(kPartialFileVersion) + ")");
    }
    query = r.bytes();
    version = r.bytes();
    partial = r.bytes();
    if (r.remaining() < kCrcBytes) r.fail("ends before its checksum");
    if (r.remaining() > kCrcBytes) r.fail("trailing bytes after the checksum");
  } catch (const workers::DecodeError& e) {
    failOn(name, std::string("truncated or corrupt partial file (") + e.what() + ", file is " +
                     std::to_string(bytes.size()) + " bytes)");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - kCrcBytes);
  if (ipc::crc32(body) != readCrc(bytes.substr(body.size()))) {
    failOn(name, "corrupt partial file (checksum mismatch)");
  }
  PartialFile file;
  try {
    file.query = workers::Query::decode(query);
    file.writerVersion = std::string(version);
    file.partial = workers::Partial::decode(partial);
  } catch (const std::runtime_error& e) {
    // The checksum matched, so the writer itself produced this: most likely
    // a logmill whose Query/Partial encoding this one does not know.
    failOn(name, std::string(e.what()) + " (written by logmill " + std::string(version) + ")");
  }
  if (const std::string why = unusedParts(file.query, file.partial); !why.empty()) {
    failOn(name, "corrupt partial file: " + why);
  }
  return file;
}

void writePartialFile(const std::string& path, const workers::Query& query,
                      const workers::Partial& partial) {
  const std::string bytes = encodePartialFile(query, partial);
  ipc::AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

FileBytes readFileBytes(const std::string& path) {
  ipc::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC), path);
  if (!fd) throw PartialFileError(systemMessage("cannot open", path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw PartialFileError(systemMessage("cannot read", path));
  FileBytes file{{}, st.st_dev, st.st_ino};
  if (S_ISREG(st.st_mode)) file.bytes.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw PartialFileError(systemMessage("cannot read", path));
    if (n == 0) return file;
    file.bytes.append(buf, static_cast<std::size_t>(n));
  }
}

PartialFile readPartialFile(const std::string& path) {
  return decodePartialFile(readFileBytes(path).bytes, path);
}

bool sameAggregate(const workers::Query& a, const workers::Query& b) {
  // Compare encodings, so options added to Query later (--agg...) take part
  // without this function knowing them.
  return withoutOutputOptions(a).encode() == withoutOutputOptions(b).encode();
}

std::string describeMismatch(const workers::Query& wanted, const workers::Query& found) {
  if (sameAggregate(wanted, found)) return {};
  std::vector<std::string> diffs;
  auto differ = [&](std::string_view what, const std::string& file, const std::string& cli) {
    diffs.push_back(std::string(what) + " is " + file + " in the file, " + cli +
                    " on the command line");
  };
  if (wanted.command != found.command) {
    differ("the command", quoted(workers::commandName(found.command)),
           quoted(workers::commandName(wanted.command)));
  }
  if (wanted.by != found.by)
    differ("--by", quoted(fieldListText(found.by)), quoted(fieldListText(wanted.by)));
  if (wanted.where != found.where) differ("--where", quoted(found.where), quoted(wanted.where));
  if (wanted.logFormat != found.logFormat) {
    differ("--log-format", quoted(found.logFormat), quoted(wanted.logFormat));
  }
  if (wanted.aggregates != found.aggregates) {
    differ("--agg", quoted(aggregateListText(found.aggregates)),
           quoted(aggregateListText(wanted.aggregates)));
  }
  if (wanted.bucketSeconds != found.bucketSeconds) {
    differ("--bucket", quoted(bucketText(found.bucketSeconds)),
           quoted(bucketText(wanted.bucketSeconds)));
  }
  if (wanted.approxDistinct != found.approxDistinct) {
    differ("--approx", found.approxDistinct ? "on" : "off", wanted.approxDistinct ? "on" : "off");
  }
  if (diffs.empty()) diffs.push_back("other query options differ");
  std::string out;
  for (const std::string& d : diffs) out += (out.empty() ? "" : "; ") + d;
  return out;
}

}  // namespace logmill::engine
