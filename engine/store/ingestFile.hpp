#pragma once
// One file of an ingest: which stream it holds and where its new text
// starts, then that text mapped by day.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/store/StreamState.hpp"
#include "workers/map/Partial.hpp"

namespace logmill::engine::store {

struct FileIngest {
  /// Index into the ledger of the stream the file holds (streams.size()
  /// before the call: a new stream, appended to `streams`).
  std::size_t stream = 0;
  bool unchanged = false;       ///< nothing new (recognized, possibly by its gzip trailer)
  std::uint64_t textBytes = 0;  ///< new text committed
  /// Stopped at a line end once `maxLines` were read, before the file's
  /// end: the rest waits for another call.
  bool more = false;
  std::uint64_t lines = 0;  ///< lines read (whole lines, overlong ones included)
  std::map<std::string, workers::Partial, std::less<>> days;
  std::vector<std::string> notes;
};

/// Reads the new text of `path` against `streams` (the ledger, updated in
/// place: the matched or new stream is advanced). Throws
/// workers::InputError if the file cannot be read; `streams` is then
/// unchanged. `maxLines` > 0: stops at the first line end of a 1 MiB block
/// that brings the lines read to `maxLines` or more.
[[nodiscard]] FileIngest ingestFile(const std::string& path, std::vector<StreamState>& streams,
                                    const std::string& logFormat, std::uint64_t maxLines = 0);

}  // namespace logmill::engine::store
