#include "workers/map/TaskRunner.hpp"

#include <optional>

#include "workers/input/GzipIndexBuilder.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/gzipIndexFile.hpp"
#include "workers/input/gzipMagic.hpp"
#include "workers/map/saveBuiltIndex.hpp"

namespace logmill::workers {

TaskRunner::TaskRunner(const Query& query, LineSink* lines, GzipIndexes* indexes)
    : m_mapper(query), m_lines(lines), m_indexes(indexes) {
  if (m_lines) {
    m_mapper.onMatch([this](std::string_view line) {
      m_batch.add(line, [this](std::string_view batch) { flush(batch); });
    });
  }
}

void TaskRunner::run(const Task& task, const std::string& path, Partial& into) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t before = into.stats().bytesIn;
  m_task = task.id;
  ReaderOptions reader;
  std::shared_ptr<const GzipIndex> index;
  std::optional<GzipIndexBuilder> builder;
  GzipFileKey key;
  bool readable = true;
  if (!task.range.isWhole() && fileHasGzipMagic(path)) {
    index = rangeIndex(task, path, into);
    readable = index != nullptr;
    reader.gzipIndex = index.get();
  } else if (task.buildIndex && m_indexes && !m_indexes->dir().empty()) {
    try {
      key = GzipFileKey::of(path);
      builder.emplace();
      reader.inflateObserver = &*builder;
    } catch (const InputError&) {  // the read itself reports an unreadable file
    }
  }
  if (readable) m_mapper.run(path, task.range, into, reader);
  if (builder) saveBuiltIndex(*builder, key, path, m_indexes->dir());
  if (m_lines) m_batch.drain([this](std::string_view batch) { flush(batch); });
  m_stats.tasks += 1;
  m_stats.bytesIn += into.stats().bytesIn - before;
  m_stats.busy += std::chrono::steady_clock::now() - start;
}

void TaskRunner::runBlock(std::uint32_t id, const std::string& name, std::string_view text,
                          Partial& into) {
  const auto start = std::chrono::steady_clock::now();
  m_task = id;
  m_mapper.runText(name, text, into);
  if (m_lines) m_batch.drain([this](std::string_view batch) { flush(batch); });
  m_stats.tasks += 1;
  m_stats.busy += std::chrono::steady_clock::now() - start;
}

std::shared_ptr<const GzipIndex> TaskRunner::rangeIndex(const Task& task, const std::string& path,
                                                        Partial& into) {
  std::string why = "no gzip index was given";
  std::shared_ptr<const GzipIndex> index =
      m_indexes ? m_indexes->forRange(task.file, path, &why) : nullptr;
  if (!index) {
    // Reading the whole file instead would count its lines once per range.
    if (task.range.begin == 0) ++into.stats().files;
    ++into.stats().failedFiles;
    into.errors().push_back({path, path + ": cannot read part of this gzip file: " + why});
  }
  return index;
}

}  // namespace logmill::workers
