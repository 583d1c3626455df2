#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ipc/FileTable.hpp"

namespace logmill::ipc {
namespace {

const std::vector<std::string> kPaths = {"/var/log/nginx/access.log",
                                         "",  // an empty name survives too
                                         "/logs/ünïcode/access.log.2.gz", std::string(5000, 'x')};

TEST(FileTable, WorkerSeesTheCoordinatorsPaths) {
  SharedSegment owner = SharedSegment::create(kSegmentOverhead + FileTable::bytesNeeded(kPaths));
  const FileTable created = FileTable::create(owner, "files", kPaths);
  ASSERT_EQ(created.size(), kPaths.size());

  SharedSegment worker = SharedSegment::open(owner.name());
  const FileTable opened = FileTable::open(worker, "files");
  ASSERT_EQ(opened.size(), kPaths.size());
  for (std::uint32_t i = 0; i < kPaths.size(); ++i) {
    EXPECT_EQ(opened.path(i), kPaths[i]) << i;
    EXPECT_EQ(created.path(i), kPaths[i]) << i;
  }
}

TEST(FileTable, IndexOutsideTheTableNamesTheIndex) {
  SharedSegment segment = SharedSegment::create(kSegmentOverhead + 1024);
  const FileTable table = FileTable::create(segment, "files", {"a", "b"});
  try {
    (void)table.path(2);
    FAIL() << "path(2) did not throw";
  } catch (const std::out_of_range& e) {
    EXPECT_STREQ(e.what(), "file index 2 is outside the file table (2 files)");
  }
}

TEST(FileTable, EmptyTable) {
  SharedSegment segment = SharedSegment::create(kSegmentOverhead);
  (void)FileTable::create(segment, "files", {});
  EXPECT_EQ(FileTable::open(segment, "files").size(), 0u);
}

TEST(FileTable, MissingTableIsAnErrorNamingIt) {
  SharedSegment segment = SharedSegment::create(kSegmentOverhead);
  try {
    (void)FileTable::open(segment, "files");
    FAIL() << "open did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "file table 'files' in shared memory segment " + segment.name() + " does not exist");
  }
}

}  // namespace
}  // namespace logmill::ipc
