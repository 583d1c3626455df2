#include "engine/planTasks.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "workers/input/gzipMagic.hpp"

namespace logmill::engine {

Plan planTasks(const std::vector<std::string>& files, const PlanOptions& options) {
  Plan plan;
  plan.work.files = files;
  auto& tasks = plan.work.tasks;
  for (std::uint32_t file = 0; file < files.size(); ++file) {
    const std::string& path = files[file];
    struct stat st {};
    const bool sized = path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    const auto size = sized ? static_cast<std::uint64_t>(st.st_size) : 0;
    plan.totalBytes += size;
    if (!sized || size <= options.splitBytes || workers::fileHasGzipMagic(path)) {
      // Whole-file task; stdin, FIFOs and unreadable files too (the reader
      // reports what is wrong with them, naming the file).
      tasks.push_back({0, file, {}, size});
      continue;
    }
    for (std::uint64_t begin = 0; begin < size; begin += options.splitBytes) {
      const std::uint64_t end = std::min(size, begin + options.splitBytes);
      // The last range runs to "the end", so a file that grows still reads whole lines.
      workers::ByteRange range{begin, end == size ? workers::ByteRange{}.end : end};
      tasks.push_back({0, file, range, end - begin});
    }
  }
  if (!options.keepOrder) {
    std::stable_sort(tasks.begin(), tasks.end(),
                     [](const auto& a, const auto& b) { return a.sizeBytes > b.sizeBytes; });
  }
  for (std::uint32_t i = 0; i < tasks.size(); ++i) tasks[i].id = i;
  return plan;
}

}  // namespace logmill::engine
