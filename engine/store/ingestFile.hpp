#pragma once
// One file of an ingest: which stream it holds and where its new text
// starts, then that text mapped by day.

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
  std::map<std::string, workers::Partial, std::less<>> days;
  std::vector<std::string> notes;
};

/// Reads the new text of `path` against `streams` (the ledger, updated in
/// place: the matched or new stream is advanced). Throws
/// workers::InputError if the file cannot be read; `streams` is then
/// unchanged.
[[nodiscard]] FileIngest ingestFile(const std::string& path, std::vector<StreamState>& streams,
                                    const std::string& logFormat);

}  // namespace logmill::engine::store
