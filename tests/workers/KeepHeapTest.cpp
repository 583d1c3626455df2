#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "tests/Sanitizers.hpp"
#include "workers/process/keepHeap.hpp"

namespace logmill::workers {
namespace {

constexpr std::size_t kTaskBytes = 8 << 20;  // a block's maps, say: 2048 pages

long minorFaults() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// In a fresh child (malloc's state is per process): one task's memory is
// allocated, touched and freed, then the next task's; returns the faults
// the second one took, or -1.
long faultsOfTheSecondTask(bool keep) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    // glibc's starting values, fixed: this test binary's own past
    // allocations may have raised them already in the parent.
    (void)::mallopt(M_MMAP_THRESHOLD, 128 << 10);
    (void)::mallopt(M_TRIM_THRESHOLD, 128 << 10);
    if (keep) keepHeapBetweenTasks();
    for (int task = 0; task < 2; ++task) {
      const long before = minorFaults();
      auto* bytes = static_cast<char*>(std::malloc(kTaskBytes));
      // Through volatile: a store into memory freed right after may go.
      for (std::size_t i = 0; i < kTaskBytes; i += 4096) static_cast<volatile char*>(bytes)[i] = 1;
      const long faults = minorFaults() - before;
      std::free(bytes);
      if (task == 1) (void)!::write(fds[1], &faults, sizeof faults);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  long faults = -1;
  if (::read(fds[0], &faults, sizeof faults) != sizeof faults) faults = -1;
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return faults;
}

TEST(KeepHeap, TheNextTaskReusesTheLastTasksPagesWithoutFaults) {
  if (testing::kUnderSanitizer) GTEST_SKIP() << "a sanitizer takes page faults of its own";
  const long control = faultsOfTheSecondTask(false);
  const long kept = faultsOfTheSecondTask(true);
  ASSERT_GE(control, 0);
  ASSERT_GE(kept, 0);
  EXPECT_GT(control, 1000);  // glibc's defaults: the pages went back, and fault again
  EXPECT_LT(kept, 64);
}

}  // namespace
}  // namespace logmill::workers
