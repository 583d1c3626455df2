#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "engine/store/holdBackWrittenFiles.hpp"
#include "tests/TempDir.hpp"

namespace logmill::engine::store {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

Clock::time_point modifiedAt(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
      std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
}

TEST(HoldBackWrittenFiles, HoldsBackErrorsOfRecentlyModifiedFilesOnly) {
  testing::TempDir dir;
  const std::string gz = dir.file("access.log.1.gz");
  std::ofstream(gz) << "\x1f\x8b";
  const Clock::time_point written = modifiedAt(gz);
  const auto errorsNow = [&] {
    return std::vector<workers::FileError>{{gz, gz + ": truncated gzip stream at byte 2"},
                                           {dir.file("gone.log"), "cannot open"},
                                           {dir.path(), "a directory"}};
  };
  auto errors = errorsNow();
  EXPECT_EQ(holdBackWrittenFiles(errors, 2s, written + 1500ms), 1u);  // still being written
  ASSERT_EQ(errors.size(), 2u);  // a missing file and a directory are said at once
  EXPECT_EQ(errors[0].path, dir.file("gone.log"));
  errors = errorsNow();
  EXPECT_EQ(holdBackWrittenFiles(errors, 2s, written + 2500ms), 0u);  // quiet: said
  EXPECT_EQ(errors.size(), 3u);
}

}  // namespace
}  // namespace logmill::engine::store
