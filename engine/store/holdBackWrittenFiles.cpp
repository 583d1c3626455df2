#include "engine/store/holdBackWrittenFiles.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace logmill::engine::store {

std::size_t holdBackWrittenFiles(std::vector<workers::FileError>& errors,
                                 std::chrono::nanoseconds quiet,
                                 std::chrono::system_clock::time_point now) {
  return std::erase_if(errors, [&](const workers::FileError& e) {
    struct stat st {};
    if (::stat(e.path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    const auto modified = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(st.st_mtim.tv_sec) +
            std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
    return now - modified < quiet;
  });
}

}  // namespace logmill::engine::store
