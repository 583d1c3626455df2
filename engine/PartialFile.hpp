#pragma once
// Partial files: a run's reduced partial aggregate on disk (`--emit-partial`),
// so runs on many machines (Slurm array, xargs -P, ssh) can be reduced later
// by `logmill merge`.
//
// Layout (format version 1), every number a LEB128 varint:
//   "LOGMILL PARTIAL\n"          16-byte magic (readable with `head -c16`)
//   version                      this layout's version (1)
//   bytes(Query::encode())       the query the partial answers
//   bytes(logmill version)       the writer, e.g. "0.1.0" (informational)
//   bytes(Partial::encode())     the aggregate, its own versioned encoding
//   crc32                        4 bytes little-endian, of everything before
// where bytes(x) is varint(size) followed by x. The CRC catches a flipped bit
// in a count, which a structurally valid Partial would otherwise hide.

#include <sys/types.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/output/queryText.hpp"  // describeQuery, for messages about a file's query
#include "workers/map/Partial.hpp"
#include "workers/query/Query.hpp"

namespace logmill::engine {

inline constexpr std::string_view kPartialFileMagic = "LOGMILL PARTIAL\n";
inline constexpr std::uint64_t kPartialFileVersion = 1;

/// A partial file that cannot be used: unreadable, truncated, corrupt, or of
/// an unknown version. The message names the file.
class PartialFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A partial file answering another query than the one asked (a usage
/// problem: exit 2). The message names the file and what differs.
class PartialMismatch : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct PartialFile {
  workers::Query query;
  std::string writerVersion;
  workers::Partial partial;
};

/// The file's bytes for `partial`, the answer to `query`.
[[nodiscard]] std::string encodePartialFile(const workers::Query& query,
                                            const workers::Partial& partial);
/// Throws PartialFileError (message prefixed with `name`) on anything wrong,
/// parts the file's own query does not use included (see readPartialFile).
[[nodiscard]] PartialFile decodePartialFile(std::string_view bytes, std::string_view name);

/// Writes all or nothing (ipc::AtomicFile): a regular file is replaced by
/// rename once the bytes are synced, so a failed or killed run leaves the
/// old file; "-", a FIFO or a device receives the bytes in place and is
/// never replaced. Throws std::runtime_error naming the file on failure.
void writePartialFile(const std::string& path, const workers::Query& query,
                      const workers::Partial& partial);
/// A file's bytes and its identity on this machine.
struct FileBytes {
  std::string bytes;
  dev_t device = 0;
  ino_t inode = 0;
};
/// Reads all of `path`; throws PartialFileError naming it when it cannot.
[[nodiscard]] FileBytes readFileBytes(const std::string& path);

/// Throws PartialFileError naming the file on any problem, including parts
/// its own query never produces (a report section in a count partial, an
/// aggregate table of other columns): a forged file, not one logmill wrote.
[[nodiscard]] PartialFile readPartialFile(const std::string& path);

/// Whether partials of `a` and `b` can be merged and rendered as one: equal
/// except for options that only shape the output (top's -n; --format and
/// --header are not in the query at all).
[[nodiscard]] bool sameAggregate(const workers::Query& a, const workers::Query& b);
/// A person-readable account of how `found` differs from `wanted`, e.g.
/// "--by is 'host' in the file, 'status' on the command line"; empty when
/// sameAggregate(wanted, found).
[[nodiscard]] std::string describeMismatch(const workers::Query& wanted,
                                           const workers::Query& found);

}  // namespace logmill::engine
