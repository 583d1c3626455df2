#include "engine/discoverFiles.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/TempDir.hpp"

namespace logmill::engine {
namespace {

using logmill::testing::TempDir;

TEST(DiscoverFiles, WalksRecursivelySortedSkippingHidden) {
  TempDir t;
  t.write("b/access.log.1", "x");
  t.write("a.log", "x");
  t.write("b/access.log", "x");
  t.write(".hidden/x.log", "x");
  t.write("b/.swp", "x");
  const Discovered d = discoverFiles({t.path()}, {});
  EXPECT_TRUE(d.errors.empty());
  EXPECT_EQ(d.files, (std::vector<std::string>{t.file("a.log"), t.file("b/access.log"),
                                                t.file("b/access.log.1")}));
}

TEST(DiscoverFiles, IncludeExcludeGlobs) {
  TempDir t;
  t.write("a.log", "x");
  t.write("a.log.gz", "x");
  t.write("notes.txt", "x");
  DiscoverOptions o;
  o.include = {"*.log", "*.gz"};
  o.exclude = {"a.log"};
  EXPECT_EQ(discoverFiles({t.path()}, o).files, (std::vector<std::string>{t.file("a.log.gz")}));
}

TEST(DiscoverFiles, MissingPathIsAnErrorAndTheRestIsKept) {
  TempDir t;
  const std::string good = t.write("a.log", "x");
  const Discovered d = discoverFiles({t.file("nope"), good}, {});
  EXPECT_EQ(d.files, std::vector<std::string>{good});
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_EQ(d.errors[0].message, "cannot open '" + t.file("nope") + "': No such file or directory");
}

TEST(DiscoverFiles, SymlinkLoopIsReportedAndFilesReadOnce) {
  TempDir t;
  t.write("d/a.log", "x");
  ASSERT_EQ(::symlink(t.path().c_str(), t.file("d/loop").c_str()), 0);
  ASSERT_EQ(::symlink(t.file("d/a.log").c_str(), t.file("d/z.log").c_str()), 0);
  const Discovered d = discoverFiles({t.path()}, {});
  EXPECT_EQ(d.files, std::vector<std::string>{t.file("d/a.log")});
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].message.find("directory loop"), std::string::npos);
}

TEST(DiscoverFiles, StdinIsPassedThrough) {
  EXPECT_EQ(discoverFiles({"-"}, {}).files, std::vector<std::string>{"-"});
}

}  // namespace
}  // namespace logmill::engine
