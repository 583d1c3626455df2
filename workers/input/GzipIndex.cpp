#include "workers/input/GzipIndex.hpp"

#include <zlib.h>

#include <algorithm>
#include <utility>

#include "workers/input/FileSource.hpp"
#include "workers/input/GzipIndexBuilder.hpp"
#include "workers/input/InflaterStream.hpp"
#include "workers/input/InputError.hpp"

namespace logmill::workers {

GzipIndex::GzipIndex(GzipFileKey key, std::uint64_t spacing, std::uint64_t textSize,
                     std::uint64_t memberCount, std::vector<GzipCheckpoint> checkpoints)
    : m_key(key),
      m_spacing(spacing),
      m_textSize(textSize),
      m_memberCount(memberCount),
      m_checkpoints(std::move(checkpoints)) {}

GzipIndex GzipIndex::build(const std::string& path, std::uint64_t spacing,
                           const ProgressFn& progress, InflaterKind kind) {
  const GzipFileKey key = GzipFileKey::of(path);
  FileSource source(path);
  const auto head = source.head();
  if (head.size() < 2 || head[0] != 0x1f || head[1] != 0x8b) {
    throw InputError(path + ": not a gzip file (bad magic)");
  }
  source.start(0, false);
  GzipIndexBuilder builder(spacing);
  InflaterStream stream(
      makeBlockInflater(kind, spacing), [&source] { return source.next(); }, path);
  stream.setObserver(&builder);
  std::vector<std::uint8_t> text(FileSource::kBlockSize);
  while (stream.read(text) > 0) {
    if (progress) progress(stream.consumed());
  }
  GzipIndex index = builder.finish(key, path);
  if (!GzipFileKey::of(path).differenceFrom(key).empty()) {
    throw InputError(path + ": the file changed while it was indexed");
  }
  return index;
}

const GzipCheckpoint& GzipIndex::checkpointAtOrBefore(std::uint64_t textOffset) const {
  const auto after = std::upper_bound(
      m_checkpoints.begin(), m_checkpoints.end(), textOffset,
      [](std::uint64_t offset, const GzipCheckpoint& c) { return offset < c.textOffset; });
  // The first checkpoint is the file's start, at text offset 0.
  return after == m_checkpoints.begin() ? m_checkpoints.front() : *(after - 1);
}

std::vector<ByteRange> GzipIndex::splitRanges(std::size_t count) const {
  std::vector<std::uint64_t> cuts;
  for (std::size_t i = 1; i < count; ++i) {
    const std::uint64_t target = m_textSize / count * i + m_textSize % count * i / count;
    const GzipCheckpoint& at = checkpointAtOrBefore(target);
    const std::uint64_t cut = at.lineStart;
    // The file's start is a cut already; its line start would only split off one line.
    if (at.textOffset > 0 && cut < m_textSize && (cuts.empty() || cut > cuts.back()))
      cuts.push_back(cut);
  }
  std::vector<ByteRange> ranges;
  std::uint64_t begin = 0;
  for (const std::uint64_t cut : cuts) {
    ranges.push_back({begin, cut});
    begin = cut;
  }
  ranges.push_back({begin, ByteRange{}.end});
  return ranges;
}

std::vector<std::uint8_t> checkpointWindow(const GzipCheckpoint& checkpoint,
                                           const std::string& path) {
  std::vector<std::uint8_t> window(checkpoint.windowBytes);
  if (checkpoint.windowBytes == 0) return window;
  uLongf length = checkpoint.windowBytes;
  const int rc = uncompress(window.data(), &length, checkpoint.window.data(),
                            static_cast<uLong>(checkpoint.window.size()));
  if (rc != Z_OK || length != checkpoint.windowBytes) {
    throw InputError(path + ": gzip index window at text offset " +
                     std::to_string(checkpoint.textOffset) + " is damaged");
  }
  return window;
}

}  // namespace logmill::workers
