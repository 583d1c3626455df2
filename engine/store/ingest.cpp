#include "engine/store/ingest.hpp"

#include <map>
#include <set>

#include "engine/store/Store.hpp"
#include "engine/store/ingestFile.hpp"
#include "workers/input/InputError.hpp"

namespace logmill::engine::store {
namespace {

/// `text` with each `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

/// The new text of the files, gathered by day, the ledger advanced.
class Gather {
 public:
  Gather(const IngestOptions& options, std::vector<StreamState>& streams, IngestResult& result)
      : m_options(options), m_streams(streams), m_result(result) {}

  void file(const std::string& openPath, const std::string& name) {
    ++m_result.files;
    if (openPath == "-") {
      m_result.errors.push_back({name, "stdin cannot be ingested: a log stream must be a file"});
      return;
    }
    if (m_options.maxLines > 0 && m_result.lines >= m_options.maxLines) {
      m_result.more = true;  // this file waits for the next commit
      return;
    }
    try {
      const std::uint64_t budget = m_options.maxLines > 0 ? m_options.maxLines - m_result.lines : 0;
      FileIngest one = ingestFile(openPath, m_streams, m_options.logFormat, budget);
      for (const std::string& note : one.notes)
        m_result.notes.push_back(replaced(note, openPath, name));
      if (one.unchanged) {
        ++m_result.unchanged;
        return;
      }
      m_streams[one.stream].lastPath = name;
      m_changed.insert(one.stream);
      m_result.textBytes += one.textBytes;
      m_result.lines += one.lines;
      m_result.more = m_result.more || one.more;
      for (auto& [date, partial] : one.days) m_days[date].merge(std::move(partial));
    } catch (const workers::InputError& e) {
      m_result.errors.push_back({name, replaced(e.what(), openPath, name)});
    }
  }

  void save(Store& store) {
    for (const auto& [date, partial] : m_days) store.mergeDay(date, partial);
    for (const std::size_t i : m_changed) store.saveStream(m_streams[i]);
  }

  [[nodiscard]] std::map<std::string, workers::Partial, std::less<>> takeDays() {
    return std::move(m_days);
  }

 private:
  const IngestOptions& m_options;
  std::vector<StreamState>& m_streams;
  IngestResult& m_result;
  std::map<std::string, workers::Partial, std::less<>> m_days;
  std::set<std::size_t> m_changed;
};

}  // namespace

IngestResult ingestInto(Store& store, const IngestOptions& options) {
  // The ledger is read under the write lock, so two ingests never both
  // read the same text: the second waits for the first to commit.
  store.beginWrite(options.busyMs);
  std::vector<StreamState> streams = store.streams();
  IngestResult result;
  Discovered found = discoverFiles(options.paths, options.discover);
  result.errors = std::move(found.errors);
  Gather gather(options, streams, result);
  for (const NamedFile& f : options.namedFiles) gather.file(f.openPath, f.name);
  for (const std::string& file : found.files) gather.file(file, file);
  gather.save(store);
  store.commit();
  if (options.keepDays) result.days = gather.takeDays();
  return result;
}

IngestResult ingest(const IngestOptions& options) {
  Store store(options.storePath, Store::Open::kCreate, options.busyMs);
  return ingestInto(store, options);
}

}  // namespace logmill::engine::store
