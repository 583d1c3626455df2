#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "ipc/AtomicFile.hpp"

namespace logmill::ipc {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    m_dir = fs::temp_directory_path() / ("logmill-atomic-" + std::to_string(rd()));
    fs::create_directories(m_dir);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (m_dir / name).string(); }
  void put(const std::string& name, const std::string& content) const {
    std::ofstream(file(name), std::ios::binary) << content;
  }
  [[nodiscard]] std::string get(const std::string& name) const {
    std::ifstream in(file(name), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  /// The names in the directory, so a leftover temporary file shows.
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(m_dir)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

  fs::path m_dir;
};

using Names = std::vector<std::string>;

TEST_F(AtomicFileTest, CreatesTheFileOnlyOnCommit) {
  AtomicFile out(file("out.lmp"));
  EXPECT_FALSE(out.inPlace());
  out.write("hello");
  EXPECT_FALSE(fs::exists(file("out.lmp")));
  out.commit();
  EXPECT_EQ(get("out.lmp"), "hello");
  EXPECT_EQ(names(), Names{"out.lmp"});
}

TEST_F(AtomicFileTest, ReplacesARegularFileKeepingItsPermissions) {
  put("out.html", "old");
  ASSERT_EQ(::chmod(file("out.html").c_str(), 0640), 0);
  {
    AtomicFile out(file("out.html"));
    out.write("new");
    EXPECT_EQ(get("out.html"), "old");  // untouched until commit
    out.commit();
  }
  EXPECT_EQ(get("out.html"), "new");
  struct stat st {};
  ASSERT_EQ(::stat(file("out.html").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(names(), Names{"out.html"});
}

TEST_F(AtomicFileTest, WithoutCommitTheOldFileStaysAndTheTemporaryGoes) {
  put("out.lmp", "old");
  {
    AtomicFile out(file("out.lmp"));
    out.write("half a pa");
  }
  EXPECT_EQ(get("out.lmp"), "old");
  EXPECT_EQ(names(), Names{"out.lmp"});
}

ssize_t fullDisk(int, const void*, std::size_t) {
  errno = ENOSPC;
  return -1;
}

TEST_F(AtomicFileTest, AFullDiskLeavesTheOldFileIntact) {
  put("report.html", "old report");
  {
    AtomicFile out(file("report.html"));
    SysCalls calls = realSysCalls();
    calls.write = fullDisk;
    ScopedSysOverride full(calls);
    try {
      out.write("new report");
      FAIL() << "write did not throw";
    } catch (const SystemError& e) {
      EXPECT_EQ(e.errnoValue(), ENOSPC);
      EXPECT_EQ(std::string(e.what()),
                "cannot write '" + file("report.html") + "': No space left on device");
    }
  }
  EXPECT_EQ(get("report.html"), "old report");
  EXPECT_EQ(names(), Names{"report.html"});
}

int failingFsync(int) {
  errno = EIO;
  return -1;
}

TEST_F(AtomicFileTest, AFailedSyncLeavesTheOldFileIntact) {
  put("out.lmp", "old");
  {
    AtomicFile out(file("out.lmp"));
    out.write("new");
    SysCalls calls = realSysCalls();
    calls.fsync = failingFsync;
    ScopedSysOverride broken(calls);
    try {
      out.commit();
      FAIL() << "commit did not throw";
    } catch (const SystemError& e) {
      EXPECT_EQ(std::string(e.what()),
                "cannot write '" + file("out.lmp") + "': Input/output error");
    }
  }
  EXPECT_EQ(get("out.lmp"), "old");
  EXPECT_EQ(names(), Names{"out.lmp"});
}

TEST_F(AtomicFileTest, AFifoReceivesTheBytesAndStaysAFifo) {
  ASSERT_EQ(::mkfifo(file("pipe").c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(file("pipe"), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    received = s.str();
  });
  {
    AtomicFile out(file("pipe"));
    EXPECT_TRUE(out.inPlace());
    out.write("partial bytes");
    out.commit();
  }
  reader.join();
  EXPECT_EQ(received, "partial bytes");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(file("pipe"))));
  EXPECT_EQ(names(), Names{"pipe"});
}

TEST_F(AtomicFileTest, ALinkToAFifoIsWrittenInPlaceThroughTheLink) {
  ASSERT_EQ(::mkfifo(file("pipe").c_str(), 0600), 0);
  fs::create_symlink(file("pipe"), file("link"));
  std::string received;
  std::thread reader([&] {
    std::ifstream in(file("pipe"), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    received = s.str();
  });
  {
    AtomicFile out(file("link"));
    out.write("through");
    out.commit();
  }
  reader.join();
  EXPECT_EQ(received, "through");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(file("link"))));
}

TEST_F(AtomicFileTest, ADeviceIsWrittenInPlaceAndNeverReplaced) {
  if (!fs::is_character_file("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  {
    AtomicFile out("/dev/full");
    EXPECT_TRUE(out.inPlace());
    try {
      out.write("bytes");
      FAIL() << "write to /dev/full did not throw";
    } catch (const SystemError& e) {
      EXPECT_EQ(e.errnoValue(), ENOSPC);
      EXPECT_STREQ(e.what(), "cannot write '/dev/full': No space left on device");
    }
  }
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status("/dev/full")));
}

TEST_F(AtomicFileTest, ASymlinkAtTheNameIsReplacedNotFollowed) {
  put("victim", "secret");
  fs::create_symlink(file("victim"), file("out.lmp"));
  {
    AtomicFile out(file("out.lmp"));
    out.write("new");
    out.commit();
  }
  EXPECT_EQ(get("victim"), "secret");
  EXPECT_FALSE(fs::is_symlink(fs::symlink_status(file("out.lmp"))));
  EXPECT_EQ(get("out.lmp"), "new");
}

int gRandomCalls = 0;
ssize_t predictableRandom(void* buf, std::size_t n, unsigned) {
  // The first name is the one an attacker guessed; later ones differ.
  std::memset(buf, gRandomCalls++ == 0 ? 0 : 0x11, n);
  return static_cast<ssize_t>(n);
}

TEST_F(AtomicFileTest, APlantedLinkAtTheTemporaryNameIsNeitherFollowedNorRemoved) {
  put("victim", "root's secret");
  const std::string guessed = file(".out.lmp.0000000000000000.tmp");
  fs::create_symlink(file("victim"), guessed);
  SysCalls calls = realSysCalls();
  calls.getrandom = predictableRandom;
  gRandomCalls = 0;
  {
    ScopedSysOverride guessable(calls);
    AtomicFile out(file("out.lmp"));
    out.write("partial");
    out.commit();
  }
  EXPECT_EQ(gRandomCalls, 2);  // the planted name was refused (O_EXCL), another was taken
  EXPECT_EQ(get("victim"), "root's secret");
  EXPECT_EQ(get("out.lmp"), "partial");
  EXPECT_FALSE(fs::is_symlink(fs::symlink_status(file("out.lmp"))));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(guessed)));
}

TEST_F(AtomicFileTest, DashIsStandardOutput) {
  AtomicFile out("-");
  EXPECT_TRUE(out.inPlace());
  EXPECT_EQ(out.fd(), STDOUT_FILENO);
  EXPECT_TRUE(names().empty());  // no file named "-" anywhere near
}

TEST_F(AtomicFileTest, StandardOutputIsNotClosed) {
  { AtomicFile out("-"); }
  EXPECT_NE(::fcntl(STDOUT_FILENO, F_GETFD), -1);
}

TEST_F(AtomicFileTest, ADirectoryIsRefused) {
  EXPECT_THROW(AtomicFile(m_dir.string()), std::invalid_argument);
}

TEST_F(AtomicFileTest, AMissingDirectoryNamesTheOutput) {
  try {
    AtomicFile out(file("no/such/dir/out.lmp"));
    FAIL() << "did not throw";
  } catch (const SystemError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write '" + file("no/such/dir/out.lmp") + "': No such file or directory");
  }
}

}  // namespace
}  // namespace logmill::ipc
