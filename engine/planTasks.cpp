#include "engine/planTasks.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include "workers/input/InputError.hpp"
#include "workers/input/bgzfMembers.hpp"
#include "workers/input/gzipIndexFile.hpp"
#include "workers/input/gzipMagic.hpp"

namespace logmill::engine {
namespace {

/// The text size a gzip file's last trailer records (ISIZE: the last
/// member's text modulo 2^32); 0 if it cannot be read. Only a hint.
std::uint64_t trailerTextSize(const std::string& path, std::uint64_t size) {
  if (size < 4) return 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  unsigned char tail[4] = {0, 0, 0, 0};
  const bool read = ::pread(fd, tail, 4, static_cast<off_t>(size - 4)) == 4;
  ::close(fd);
  if (!read) return 0;
  return tail[0] | tail[1] << 8 | tail[2] << 16 | std::uint64_t{tail[3]} << 24;
}

/// Whether indexes can be written to `dir` ("" if so, else why not).
std::string whyUnwritable(const std::string& dir) {
  if (dir.empty()) return "no cache directory (neither XDG_CACHE_HOME nor HOME is set)";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return error.message();
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return std::strerror(errno);
  return "";
}

class Planner {
 public:
  Planner(Plan& plan, const PlanOptions& options) : m_plan(plan), m_options(options) {}

  void addFile(std::uint32_t file, const std::string& path) {
    struct stat st {};
    const bool sized = path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    const auto size = sized ? static_cast<std::uint64_t>(st.st_size) : 0;
    m_plan.totalBytes += size;
    if (sized && workers::fileHasGzipMagic(path)) return addGzip(file, path, size);
    if (!sized || size <= m_options.splitBytes) {
      // Whole-file task; stdin, FIFOs and unreadable files too (the reader
      // reports what is wrong with them, naming the file).
      workers::Task whole{0, file, {}, size};
      whole.stream = isStream(path);
      return add(whole);
    }
    for (std::uint64_t begin = 0; begin < size; begin += m_options.splitBytes) {
      const std::uint64_t end = std::min(size, begin + m_options.splitBytes);
      // The last range runs to "the end", so a file that grows still reads whole lines.
      add({0, file, {begin, end == size ? workers::ByteRange{}.end : end}, end - begin});
    }
  }

 private:
  void add(const workers::Task& task) { m_plan.work.tasks.push_back(task); }

  /// Stdin, a FIFO, a character device: one reader, its text fanned out to
  /// the workers (when there are several).
  bool isStream(const std::string& path) const {
    if (m_options.jobs < 2) return false;
    struct stat st {};
    return path == "-" ||
           (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
  }

  void addGzip(std::uint32_t file, const std::string& path, std::uint64_t size) {
    // Small files cost nothing extra: only one that may hold a split's worth
    // of text is worth an index lookup (which reads 128 KiB of it).
    if (std::max(size, trailerTextSize(path, size)) <= m_options.splitBytes) {
      return add({0, file, {}, size});
    }
    const std::shared_ptr<const workers::GzipIndex> index = findIndex(path);
    if (!index || index->textSize() <= m_options.splitBytes) {
      workers::Task whole{0, file, {}, size};
      whole.buildIndex = !index && canWriteIndexes();
      whole.stream = m_options.jobs > 1;  // one reader, its text fanned out
      return add(whole);
    }
    auto& indexes = m_plan.work.gzipIndexes;
    indexes.resize(m_plan.work.files.size());
    indexes[file] = index;
    ++m_plan.indexedFiles;
    const std::uint64_t text = index->textSize(), jobs = std::max(1u, m_options.jobs);
    const std::uint64_t pieces = (text + m_options.splitBytes - 1) / m_options.splitBytes;
    for (const workers::ByteRange& range : index->splitRanges((pieces + jobs - 1) / jobs * jobs)) {
      const std::uint64_t end = std::min(range.end, text);
      // Compressed bytes in proportion: for scheduling and progress only.
      add({0, file, range, static_cast<std::uint64_t>(double(size) * (end - range.begin) / text)});
    }
  }

  /// A valid cached index (a refused one is one warning), else BGZF members.
  std::shared_ptr<const workers::GzipIndex> findIndex(const std::string& path) {
    if (cacheUsable()) {
      std::string why;
      auto cached = workers::loadGzipIndexOrNull(path, m_plan.work.gzipIndexDir, &why);
      if (cached) return std::make_shared<const workers::GzipIndex>(std::move(*cached));
      if (!why.empty()) m_plan.warnings.push_back(path + ": ignoring its gzip index: " + why);
    }
    try {
      if (auto bgzf = workers::buildBgzfIndex(path)) {
        return std::make_shared<const workers::GzipIndex>(std::move(*bgzf));
      }
    } catch (const workers::InputError&) {  // read whole, the reader reports the damage
    }
    return nullptr;
  }

  /// A cache path that is no directory, or cannot be looked at, is one
  /// warning, then unused (else every file would warn about it); a missing
  /// one is made when the first index is written.
  bool cacheUsable() {
    std::string& dir = m_plan.work.gzipIndexDir;
    if (dir.empty() || m_cacheChecked) return !dir.empty();
    m_cacheChecked = true;
    struct stat st {};
    const bool there = ::stat(dir.c_str(), &st) == 0;
    const std::string why = there             ? (S_ISDIR(st.st_mode) ? "" : "not a directory")
                            : errno == ENOENT ? ""
                                              : std::strerror(errno);
    if (!why.empty()) {
      m_plan.warnings.push_back("cannot use gzip indexes in '" + dir + "': " + why);
      dir.clear();
    }
    return !dir.empty();
  }

  /// Checked once a run, when the first index would be written.
  bool canWriteIndexes() {
    if (!cacheUsable()) return false;
    if (!m_writable) {
      const std::string& dir = m_plan.work.gzipIndexDir;
      const std::string why = whyUnwritable(dir);
      m_writable = why.empty();
      if (!why.empty())
        m_plan.warnings.push_back("cannot write gzip indexes to '" + dir + "': " + why);
    }
    return *m_writable;
  }

  Plan& m_plan;
  const PlanOptions& m_options;
  bool m_cacheChecked = false;
  std::optional<bool> m_writable;
};

}  // namespace

Plan planTasks(const std::vector<std::string>& files, const PlanOptions& options) {
  Plan plan;
  plan.work.files = files;
  plan.work.gzipIndexDir = options.gzipIndexDir;
  Planner planner(plan, options);
  for (std::uint32_t file = 0; file < files.size(); ++file) planner.addFile(file, files[file]);
  auto& tasks = plan.work.tasks;
  if (!options.keepOrder) {
    std::stable_sort(tasks.begin(), tasks.end(),
                     [](const auto& a, const auto& b) { return a.sizeBytes > b.sizeBytes; });
  }
  for (std::uint32_t i = 0; i < tasks.size(); ++i) tasks[i].id = i;
  return plan;
}

}  // namespace logmill::engine
