#include "engine/runIndex.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ProgressMeter.hpp"
#include "engine/output/textEscape.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/input/gzipIndexFile.hpp"
#include "workers/input/gzipMagic.hpp"

namespace logmill::engine {
namespace {

void say(int fd, const std::string& text) {
  const std::string line = controlEscaped(text) + "\n";
  (void)!::write(fd, line.data(), line.size());
}

std::uint64_t sizeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

/// Builds and saves one index; "" or why it could not be.
std::string buildOne(const std::string& path, const IndexOptions& options, ProgressMeter& meter,
                     std::uint64_t doneBefore) {
  try {
    const workers::GzipIndex index =
        workers::GzipIndex::build(path, workers::GzipIndex::kDefaultSpacing,
                                  [&](std::uint64_t bytes) { meter.update(doneBefore + bytes); });
    workers::saveGzipIndex(index, options.indexDir);
    const double bytes = static_cast<double>(workers::encodeGzipIndex(index).size());
    meter.finish();
    say(1, fmt::format("indexed {}: {} checkpoints, {:.0f} KB ({:.2f}% of {:.1f} MB of text)", path,
                       index.checkpoints().size(), bytes / 1e3,
                       index.textSize() ? 100.0 * bytes / double(index.textSize()) : 0.0,
                       double(index.textSize()) / 1e6));
    return "";
  } catch (const workers::InputError& e) {
    meter.finish();
    return e.what();
  }
}

}  // namespace

std::string checkGzipIndex(const std::string& path, const std::string& dir,
                           std::size_t* checkpoints) {
  std::string why;
  const auto index = workers::loadGzipIndexOrNull(path, dir, &why);
  if (!index) return why.empty() ? "no index in '" + dir + "'" : why;
  try {
    for (const workers::GzipCheckpoint& c : index->checkpoints()) {
      if (c.lineStart >= index->textSize()) continue;
      // One line from each checkpoint: its window inflates, decoding resumes
      // at its bit offset, and its line start has a line there.
      workers::ReaderOptions reader;
      reader.gzipIndex = &*index;
      workers::LineReader lines(path, {c.lineStart, c.lineStart + 1}, reader);
      std::string_view line;
      if (!lines.next(line)) {
        return fmt::format("checkpoint at text byte {} leads to no line", c.textOffset);
      }
    }
  } catch (const workers::InputError& e) {
    return e.what();
  }
  if (checkpoints != nullptr) *checkpoints = index->checkpoints().size();
  return "";
}

int runIndex(const IndexOptions& options) {
  const Discovered found = discoverFiles(options.paths, options.discover);
  int rc = found.errors.empty() ? 0 : 1;
  for (const workers::FileError& e : found.errors) say(2, "logmill: " + e.message);
  std::vector<std::string> gzips;
  std::uint64_t total = 0;
  for (const std::string& path : found.files) {
    if (workers::fileHasGzipMagic(path)) {
      gzips.push_back(path);
      total += sizeOf(path);
    } else if (!options.check) {
      say(1, "skipped " + path + ": not gzip");
    }
  }
  ProgressMeter meter(options.progress && !options.check, total, gzips.size());
  std::uint64_t done = 0;
  for (const std::string& path : gzips) {
    std::size_t checkpoints = 0;
    const std::string why = options.check ? checkGzipIndex(path, options.indexDir, &checkpoints)
                                          : buildOne(path, options, meter, done);
    if (!why.empty()) {
      say(2, "logmill: " + path + ": " + why);
      rc = 1;
    } else if (options.check) {
      say(1, fmt::format("ok {}: {} checkpoints", path, checkpoints));
    }
    done += sizeOf(path);
    meter.taskDone();
  }
  return rc;
}

}  // namespace logmill::engine
