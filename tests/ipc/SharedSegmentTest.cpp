#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "ipc/SharedSegment.hpp"
#include "ipc/posix.hpp"

namespace logmill::ipc {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr std::size_t kSize = 1 << 20;

// Our own segments in /dev/shm right now.
std::set<std::string> ourSegments() {
  std::set<std::string> out;
  const std::string prefix = "logmill-" + std::to_string(::getpid()) + "-";
  for (const auto& e : fs::directory_iterator("/dev/shm")) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.insert(name);
  }
  return out;
}

// A pid that certainly belonged to a process that has exited and been reaped.
pid_t deadPid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

void makeShmFile(const std::string& name) {
  const int fd = ::shm_open(("/" + name).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  ASSERT_GE(fd, 0) << name;
  ::close(fd);
}

int fallocateCalls = 0;
int noSpace(int, off_t, off_t) {
  ++fallocateCalls;
  return ENOSPC;
}

TEST(SegmentName, HasPidAnd128RandomBits) {
  const std::string a = makeSegmentName();
  const std::string b = makeSegmentName();
  EXPECT_TRUE(
      std::regex_match(a, std::regex("logmill-" + std::to_string(::getpid()) + "-[0-9a-f]{32}")))
      << a;
  EXPECT_NE(a, b);
}

TEST(SharedSegment, CreatedWithMode0600EvenUnderAPermissiveUmask) {
  const mode_t oldMask = ::umask(0);
  std::string path;
  {
    SharedSegment segment = SharedSegment::create(kSize);
    ::umask(oldMask);
    path = segment.path();
    EXPECT_EQ(path, "/dev/shm/" + segment.name());
    EXPECT_TRUE(segment.isOwner());
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_GE(segment.size(), kSize);
    // Reserved up front: tmpfs has committed the blocks.
    EXPECT_GE(static_cast<std::size_t>(st.st_blocks) * 512, kSize);
  }
  ::umask(oldMask);
  EXPECT_FALSE(fs::exists(path)) << path << " left behind";
}

TEST(SharedSegment, WorkerOpenSeesTheCoordinatorsObjectsAndDoesNotRemove) {
  SharedSegment owner = SharedSegment::create(kSize);
  *owner.managed().construct<int>("answer")(0) = 42;
  {
    SharedSegment worker = SharedSegment::open(owner.name());
    EXPECT_FALSE(worker.isOwner());
    const auto [value, count] = worker.managed().find_no_lock<int>("answer");
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(*value, 42);
    *value = 43;
  }
  EXPECT_TRUE(fs::exists(owner.path()));
  EXPECT_EQ(*owner.managed().find<int>("answer").first, 43);
}

TEST(SharedSegment, OpeningAMissingSegmentNamesIt) {
  try {
    (void)SharedSegment::open("logmill-1-doesnotexist");
    FAIL() << "open did not throw";
  } catch (const SystemError& e) {
    EXPECT_STREQ(e.what(),
                 "open shared memory segment /dev/shm/logmill-1-doesnotexist: No such file or "
                 "directory");
  }
}

TEST(SharedSegment, MovedFromObjectDoesNotRemoveTheSegment) {
  SharedSegment a = SharedSegment::create(kSize);
  const std::string path = a.path();
  {
    SharedSegment b = std::move(a);
    a.remove();  // no-op: ownership moved
    EXPECT_TRUE(fs::exists(path));
    EXPECT_TRUE(b.isOwner());
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(SharedSegment, FullDevShmFailsAtCreateAndLeavesNothing) {
  const auto before = ourSegments();
  SysCalls calls = realSysCalls();
  calls.posixFallocate = noSpace;
  ScopedSysOverride full(calls);
  fallocateCalls = 0;
  try {
    (void)SharedSegment::create(kSize);
    FAIL() << "create did not throw";
  } catch (const SystemError& e) {
    EXPECT_EQ(e.errnoValue(), ENOSPC);
    EXPECT_THAT(e.what(), HasSubstr("reserve 1048576 bytes in /dev/shm for shared memory segment "
                                    "logmill-"));
    EXPECT_THAT(e.what(), HasSubstr(": No space left on device"));
  }
  EXPECT_EQ(fallocateCalls, 1);
  EXPECT_EQ(ourSegments(), before);
}

TEST(RemoveStaleSegments, RemovesDeadOwnersOnly) {
  const std::string dead = "logmill-" + std::to_string(deadPid()) + "-stale0123";
  const std::string live = "logmill-" + std::to_string(::getpid()) + "-live4567";
  const std::string parentLive = "logmill-" + std::to_string(::getppid()) + "-live89ab";
  const std::string notOurs = "logmill-notapid-x";
  for (const auto& n : {dead, live, parentLive, notOurs}) makeShmFile(n);

  // Whoever sweeps first removes the dead owner's segment: this call, or
  // one made at the same moment by another test (ctest -j2 ran
  // LeavesALiveSegmentUsable alongside: CI's TSan run saw 0 here) or a
  // logmill run. So the count is not asserted, what is left is.
  (void)removeStaleSegments();
  EXPECT_FALSE(fs::exists("/dev/shm/" + dead));
  EXPECT_TRUE(fs::exists("/dev/shm/" + live));
  EXPECT_TRUE(fs::exists("/dev/shm/" + parentLive));
  EXPECT_TRUE(fs::exists("/dev/shm/" + notOurs));
  for (const auto& n : {live, parentLive, notOurs}) ::shm_unlink(("/" + n).c_str());
}

TEST(RemoveStaleSegments, LeavesALiveSegmentUsable) {
  SharedSegment segment = SharedSegment::create(kSize);
  (void)removeStaleSegments();
  EXPECT_TRUE(fs::exists(segment.path()));
}

}  // namespace
}  // namespace logmill::ipc
