#include "engine/store/ingest.hpp"

#include <map>
#include <set>

#include "engine/store/Store.hpp"
#include "engine/store/ingestFile.hpp"
#include "workers/input/InputError.hpp"

namespace logmill::engine::store {

IngestResult ingest(const IngestOptions& options) {
  Store store(options.storePath, Store::Open::kCreate, options.busyMs);
  // The ledger is read under the write lock, so two ingests never both
  // read the same text: the second waits for the first to commit.
  store.beginWrite(options.busyMs);
  std::vector<StreamState> streams = store.streams();
  IngestResult result;
  Discovered found = discoverFiles(options.paths, options.discover);
  result.errors = std::move(found.errors);
  std::map<std::string, workers::Partial, std::less<>> days;
  std::set<std::size_t> changed;
  for (const std::string& file : found.files) {
    ++result.files;
    if (file == "-") {
      result.errors.push_back({file, "stdin cannot be ingested: a log stream must be a file"});
      continue;
    }
    try {
      FileIngest one = ingestFile(file, streams, options.logFormat);
      result.notes.insert(result.notes.end(), one.notes.begin(), one.notes.end());
      if (one.unchanged) {
        ++result.unchanged;
        continue;
      }
      changed.insert(one.stream);
      result.textBytes += one.textBytes;
      for (auto& [date, partial] : one.days) {
        result.lines += partial.stats().lines;
        days[date].merge(std::move(partial));
      }
    } catch (const workers::InputError& e) {
      result.errors.push_back({file, e.what()});
    }
  }
  for (const auto& [date, partial] : days) store.mergeDay(date, partial);
  for (const std::size_t i : changed) store.saveStream(streams[i]);
  store.commit();
  return result;
}

}  // namespace logmill::engine::store
