// Small inputs run on the coordinator's thread (issue 16): the estimate that
// decides it, and analyze() choosing the in-process path only when allowed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/estimateTextBytes.hpp"
#include "engine/runAnalysis.hpp"

namespace logmill::engine {
namespace {

namespace fs = std::filesystem;

class ShareSmallInputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("logmill-share-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  /// A file of `size` bytes; `gzip`: it starts with gzip's magic bytes.
  std::string file(const std::string& name, std::size_t size, bool gzip) {
    std::string bytes(size, 'x');
    if (gzip && size >= 2) bytes[0] = '\x1f', bytes[1] = '\x8b';
    const fs::path path = m_dir / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  /// One whole-file task per path, sizes as planned.
  static workers::TaskList work(const std::vector<std::string>& paths) {
    workers::TaskList list;
    for (const std::string& path : paths) {
      const auto index = static_cast<std::uint32_t>(list.files.size());
      list.files.push_back(path);
      const std::uint64_t size = path == "-" ? 0 : fs::file_size(path);
      list.tasks.push_back({index, index, {}, size});
    }
    return list;
  }

  fs::path m_dir;
};

TEST_F(ShareSmallInputsTest, PlainFilesCountTheirSize) {
  const auto list = work({file("a.log", 1000, false), file("b.log", 500, false)});
  EXPECT_EQ(estimateTextBytes(list, 1u << 20), 1500u);
}

TEST_F(ShareSmallInputsTest, GzipFilesCountAsTheirLikelyText) {
  const auto list = work({file("a.log.gz", 1000, true), file("b.log", 500, false)});
  EXPECT_EQ(estimateTextBytes(list, 1u << 20), 1000 * kGzipTextRatio + 500);
}

TEST_F(ShareSmallInputsTest, MagicBytesNotTheNameDecide) {
  const auto list = work({file("plain-named.gz", 1000, false), file("gzip-named.log", 10, true)});
  EXPECT_EQ(estimateTextBytes(list, 1u << 20), 1000 + 10 * kGzipTextRatio);
}

TEST_F(ShareSmallInputsTest, AtLeastEnoughOnceReached) {
  const auto list = work({file("a.log.gz", 1000, true), file("b.log.gz", 1000, true)});
  EXPECT_GE(estimateTextBytes(list, 4000), 4000u);
  EXPECT_GE(estimateTextBytes(work({file("big.log", 5000, false)}), 4000), 4000u);
}

TEST_F(ShareSmallInputsTest, StdinMayBeAnyLength) {
  const auto list = work({"-", file("a.log", 10, false)});
  EXPECT_EQ(estimateTextBytes(list, 1u << 20), 1u << 20);
}

TEST_F(ShareSmallInputsTest, EmptyFilesCountNothing) {
  EXPECT_EQ(estimateTextBytes(work({file("empty.log", 0, false)}), 1u << 20), 0u);
}

AnalysisOptions countByStatus(PoolKind pool, std::uint64_t minShareBytes) {
  AnalysisOptions options;
  options.query.command = workers::Command::Count;
  // Two files, so the process pool starts two workers.
  options.paths = {std::string(LOGMILL_TEST_DATA) + "/elastic-apache-combined-2015.log",
                   std::string(LOGMILL_TEST_DATA) + "/crowdsec-nginx_http-logs.log"};
  options.pool = pool;
  options.poolOptions.jobs = 2;
  options.poolOptions.selfExe = LOGMILL_BIN;
  options.minShareBytes = minShareBytes;
  return options;
}

TEST(AnalyzeSmallInputTest, RunsInTheCoordinatorBelowTheThreshold) {
  const RunResult small = analyze(countByStatus(PoolKind::Process, kMinShareBytes));
  EXPECT_TRUE(small.inCoordinator);
  EXPECT_EQ(small.workers.size(), 1u);  // the coordinator's own thread, no worker started
  const RunResult serial = analyze(countByStatus(PoolKind::Serial, 0));
  EXPECT_FALSE(serial.inCoordinator);
  EXPECT_EQ(small.partial.stats().lines, serial.partial.stats().lines);
  EXPECT_GT(small.partial.stats().lines, 0u);
}

TEST(AnalyzeSmallInputTest, AnExplicitPoolIsHonoured) {
  const RunResult process = analyze(countByStatus(PoolKind::Process, 0));
  EXPECT_FALSE(process.inCoordinator);
  EXPECT_EQ(process.workers.size(), 2u);
  // Above the threshold the chosen pool runs too.
  const RunResult big = analyze(countByStatus(PoolKind::Thread, 1000));
  EXPECT_FALSE(big.inCoordinator);
}

}  // namespace
}  // namespace logmill::engine
