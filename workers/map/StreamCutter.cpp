#include "workers/map/StreamCutter.hpp"

#include "workers/input/InputError.hpp"
#include "workers/map/saveBuiltIndex.hpp"

namespace logmill::workers {

StreamCutter::StreamCutter(const Task& task, std::string path, const std::string& indexDir)
    : m_path(std::move(path)), m_indexDir(indexDir) {
  try {
    if (task.buildIndex && !m_indexDir.empty()) {
      try {
        m_key = GzipFileKey::of(m_path);
        m_builder.emplace();
      } catch (const InputError&) {  // the read itself reports an unreadable file
      }
    }
    m_source = std::make_unique<TextSource>(m_path, InflaterKind::kFastest,
                                            m_builder ? &*m_builder : nullptr);
    m_cutter = std::make_unique<BlockCutter>(*m_source);
  } catch (const InputError& e) {
    m_error = FileError{m_path, e.what()};
  }
}

std::size_t StreamCutter::next(std::span<char> block) {
  if (!m_cutter || m_error) return 0;
  try {
    return m_cutter->next(block);
  } catch (const InputError& e) {
    m_error = FileError{m_path, e.what()};
    return 0;
  }
}

void StreamCutter::finish(Partial& into) {
  RunStats& stats = into.stats();
  ++stats.files;
  if (m_source) stats.bytesIn += m_source->bytesIn();
  if (m_cutter) {
    // As a LineReader counts a line it drops for its length.
    stats.lines += m_cutter->overlongLines();
    stats.malformed += m_cutter->overlongLines();
    stats.bytesOut += m_cutter->overlongBytes();
  }
  if (m_error) {
    ++stats.failedFiles;
    into.errors().push_back(*m_error);
  } else if (m_builder) {
    saveBuiltIndex(*m_builder, m_key, m_path, m_indexDir);
  }
}

}  // namespace logmill::workers
