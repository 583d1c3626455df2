#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/passDescriptors.hpp"

namespace logmill::engine {
namespace {

TEST(PassDescriptors, HeldDescriptorsKeepTheirNumberWhenFreeInTheWorker) {
  const int fd = ::fcntl(::open("/dev/null", O_RDONLY | O_CLOEXEC), F_DUPFD_CLOEXEC, 20);
  ASSERT_GE(fd, 20);
  const std::string path = "/dev/fd/" + std::to_string(fd);
  const PassedInputs in = passDescriptors({"a.log", path, "-", path}, 5);
  EXPECT_EQ(in.workerPaths, (std::vector<std::string>{"a.log", path, "-", path}));
  ASSERT_EQ(in.fds.size(), 1u);  // one descriptor, named twice
  EXPECT_EQ(in.fds[0].parentFd, fd);
  EXPECT_EQ(in.fds[0].childFd, fd);
  ::close(fd);
}

TEST(PassDescriptors, ANumberTheWorkerUsesMovesAndThePathSaysSo) {
  // fds 3 and 4 are the worker's pipes: a held fd 3 must move.
  const int saved = ::dup(3);
  const int opened = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(opened, 0);
  ASSERT_EQ(::dup2(opened, 3), 3);
  const int high = ::fcntl(opened, F_DUPFD_CLOEXEC, 30);
  ASSERT_GE(high, 30);
  const PassedInputs in =
      passDescriptors({"/proc/self/fd/3", "/dev/fd/" + std::to_string(high)}, high);
  ASSERT_EQ(in.fds.size(), 2u);
  EXPECT_EQ(in.fds[0].parentFd, 3);
  EXPECT_EQ(in.fds[0].childFd, high + 1);  // `high` is taken by the other input
  EXPECT_EQ(in.workerPaths[0], "/dev/fd/" + std::to_string(high + 1));
  EXPECT_EQ(in.workerPaths[1], "/dev/fd/" + std::to_string(high));
  ::close(high);
  ::close(opened);
  if (saved >= 0) {
    ::dup2(saved, 3);
    ::close(saved);
  } else {
    ::close(3);
  }
}

TEST(PassDescriptors, NamesThatAreNotHeldDescriptorsAreLeftAlone) {
  const std::vector<std::string> files = {"/dev/fd/999", "/dev/fd/x", "/dev/fd/1", "/dev/fdx/5",
                                          "logs/dev/fd/7"};
  const PassedInputs in = passDescriptors(files, 5);
  EXPECT_EQ(in.workerPaths, files);
  EXPECT_TRUE(in.fds.empty());
}

}  // namespace
}  // namespace logmill::engine
