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
  for (const std::string& path : files) {
    struct stat st {};
    const bool sized = path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    const auto size = sized ? static_cast<std::uint64_t>(st.st_size) : 0;
    plan.totalBytes += size;
    if (!sized || size <= options.splitBytes || workers::fileHasGzipMagic(path)) {
      // Whole-file task; stdin, FIFOs and unreadable files too (the reader
      // reports what is wrong with them, naming the file).
      plan.tasks.push_back({0, path, {}, size});
      continue;
    }
    for (std::uint64_t begin = 0; begin < size; begin += options.splitBytes) {
      const std::uint64_t end = std::min(size, begin + options.splitBytes);
      // The last range runs to "the end", so a file that grows still reads whole lines.
      workers::ByteRange range{begin, end == size ? workers::ByteRange{}.end : end};
      plan.tasks.push_back({0, path, range, end - begin});
    }
  }
  if (!options.keepOrder) {
    std::stable_sort(plan.tasks.begin(), plan.tasks.end(),
                     [](const Task& a, const Task& b) { return a.sizeBytes > b.sizeBytes; });
  }
  for (std::uint32_t i = 0; i < plan.tasks.size(); ++i) plan.tasks[i].id = i;
  return plan;
}

}  // namespace logmill::engine
