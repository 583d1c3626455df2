#pragma once
// The producer's side of a stream fan-out: reads one whole input that cannot
// be split (stdin, a FIFO, a gzip file without an index) and cuts its text
// into line-aligned blocks that any worker maps with TaskRunner::runBlock.
// What the blocks cannot count (the file, bytes read, a read error, lines
// longer than a block) goes into the stream's own Partial at the end; a
// gzip read marked buildIndex leaves its checkpoint index behind.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "workers/input/BlockCutter.hpp"
#include "workers/input/GzipFileKey.hpp"
#include "workers/input/GzipIndexBuilder.hpp"
#include "workers/input/TextSource.hpp"
#include "workers/map/Partial.hpp"
#include "workers/map/Task.hpp"

namespace logmill::workers {

class StreamCutter {
 public:
  /// Opens `path` (task.buildIndex with a non-empty `indexDir`: an index is
  /// built while reading). An input that cannot be opened is not thrown:
  /// next() returns 0 and finish() records the error.
  StreamCutter(const Task& task, std::string path, const std::string& indexDir);
  StreamCutter(const StreamCutter&) = delete;
  StreamCutter& operator=(const StreamCutter&) = delete;

  /// The next block of whole lines into the front of `block`, its length;
  /// 0 once the input is done (at its end, or at damage). `block` must be
  /// longer than the longest line a reader keeps (ReaderOptions::maxLineBytes).
  [[nodiscard]] std::size_t next(std::span<char> block);

  /// The stream's own share of the result: one file, the bytes read, the
  /// read error if any, the lines too long for a block. Saves the index if
  /// one was built over the whole, unchanged file.
  void finish(Partial& into);

 private:
  std::string m_path;
  std::string m_indexDir;
  std::optional<GzipIndexBuilder> m_builder;
  GzipFileKey m_key;
  std::unique_ptr<TextSource> m_source;
  std::unique_ptr<BlockCutter> m_cutter;
  std::optional<FileError> m_error;
};

}  // namespace logmill::workers
