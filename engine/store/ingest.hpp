#pragma once
// `logmill ingest`: adds to a store the text of each log stream not read
// before, exactly once whatever the rotator did (renamed, compressed,
// copied and truncated), in one transaction.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/discoverFiles.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::engine::store {

class Store;

/// A file opened by one path and named by another: a followed file that
/// was rotated away, still read through a descriptor kept open
/// (/proc/self/fd/N), and named as the user knows it.
struct NamedFile {
  std::string openPath;
  std::string name;
};

struct IngestOptions {
  std::string storePath;
  std::vector<std::string> paths;     ///< files and directories (walked as for a run)
  std::vector<NamedFile> namedFiles;  ///< read before `paths`
  DiscoverOptions discover;
  std::string logFormat = "auto";
  int busyMs = 30000;  ///< how long to wait for another ingest to finish
  /// > 0: commit once this many lines were read (checked each MiB of
  /// text), leaving the rest for the next call (IngestResult::more).
  std::uint64_t maxLines = 0;
  /// Hand the new text's partials back in IngestResult::days too (for a
  /// caller keeping a running answer, as `report --follow` does).
  bool keepDays = false;
};

struct IngestResult {
  std::vector<std::string> notes;          ///< things a person should know (new streams...)
  std::vector<workers::FileError> errors;  ///< files not read (others still are)
  std::uint64_t files = 0;                 ///< files looked at
  std::uint64_t unchanged = 0;             ///< files with nothing new
  std::uint64_t textBytes = 0;             ///< new text bytes ingested
  std::uint64_t lines = 0;                 ///< new lines ingested
  bool more = false;                       ///< stopped at maxLines: text is left to read
  /// With IngestOptions::keepDays: what this call added, by day (as the
  /// store keys days: YYYY-MM-DD, "" for lines with no time).
  std::map<std::string, workers::Partial, std::less<>> days;
};

/// Ingests what is new under options.paths into the store (created if
/// missing). Throws StoreError if the store cannot be used; a file that
/// cannot be read is recorded in the result and adds nothing.
[[nodiscard]] IngestResult ingest(const IngestOptions& options);

/// ingest() into a store already open (options.storePath unused): one
/// transaction, the ledger read under the write lock.
[[nodiscard]] IngestResult ingestInto(Store& store, const IngestOptions& options);

}  // namespace logmill::engine::store
