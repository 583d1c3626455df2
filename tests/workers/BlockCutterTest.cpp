#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/GzipText.hpp"
#include "tests/TempDir.hpp"
#include "workers/input/BlockCutter.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"

namespace logmill::workers {
namespace {

using testing::TempDir;

struct Cut {
  std::vector<std::string> blocks;
  std::string error;
  std::uint64_t overlong = 0, overlongBytes = 0;
};

Cut cutAll(const std::string& path, std::size_t blockBytes) {
  TextSource source(path);
  BlockCutter cutter(source);
  std::string block(blockBytes, '\0');
  Cut cut;
  try {
    for (std::size_t n; (n = cutter.next(block)) > 0;) cut.blocks.emplace_back(block.data(), n);
  } catch (const InputError& e) {
    cut.error = e.what();
  }
  cut.overlong = cutter.overlongLines();
  cut.overlongBytes = cutter.overlongBytes();
  return cut;
}

std::string joined(const std::vector<std::string>& blocks) {
  std::string all;
  for (const std::string& b : blocks) all += b;
  return all;
}

TEST(BlockCutter, BlocksHoldWholeLinesAndAddUpToTheText) {
  TempDir dir;
  const std::string text = testing::combinedLogText(200'000, 3) + "last line without newline";
  for (const std::string& path :
       {dir.write("plain.log", text), dir.write("one.log.gz", testing::gzipText(text))}) {
    const Cut cut = cutAll(path, 10'000);
    EXPECT_EQ(cut.error, "") << path;
    ASSERT_GT(cut.blocks.size(), 20u) << path;
    EXPECT_EQ(joined(cut.blocks), text) << path;
    for (std::size_t i = 0; i + 1 < cut.blocks.size(); ++i) {
      EXPECT_LE(cut.blocks[i].size(), 10'000u);
      EXPECT_EQ(cut.blocks[i].back(), '\n') << path << " block " << i;
    }
  }
}

TEST(BlockCutter, ALineLongerThanABlockIsDroppedAndCounted) {
  TempDir dir;
  const std::string longLine(25'000, 'x');
  const std::string text = "a\n" + longLine + "\nb\n" + longLine;  // the last one has no '\n'
  const Cut cut = cutAll(dir.write("long.log", text), 4096);
  EXPECT_EQ(joined(cut.blocks), "a\nb\n");
  EXPECT_EQ(cut.overlong, 2u);
  EXPECT_EQ(cut.overlongBytes, 2 * longLine.size() + 1);
}

TEST(BlockCutter, DamageComesAfterEveryWholeLineBeforeItWithTheReadersError) {
  TempDir dir;
  const std::string text = testing::combinedLogText(400'000, 5);
  const std::string gz = testing::gzipText(text);
  const std::string path = dir.write("cut.log.gz", gz.substr(0, gz.size() / 2));
  const Cut cut = cutAll(path, 16'384);
  // What LineReader returns before it throws, and its message.
  std::string lines, error;
  try {
    LineReader reader(path);
    for (std::string_view line; reader.next(line);) (lines += line) += '\n';
  } catch (const InputError& e) {
    error = e.what();
  }
  ASSERT_FALSE(error.empty());
  EXPECT_EQ(cut.error, error);
  EXPECT_EQ(joined(cut.blocks), lines);
  EXPECT_GT(lines.size(), 100'000u);
}

TEST(LineReader, ReadsTheLinesOfABlockInMemory) {
  const std::string text = "one\r\ntwo\n\nthree";
  LineReader reader = LineReader::ofText("stdin block", text);
  std::vector<std::string> got;
  for (std::string_view line; reader.next(line);) got.emplace_back(line);
  EXPECT_EQ(got, (std::vector<std::string>{"one", "two", "", "three"}));
  EXPECT_EQ(reader.accountedBytesIn(), 0u);  // the producer counted the input
  EXPECT_EQ(reader.bytesIn(), text.size());  // progress: all of it taken
  EXPECT_EQ(reader.bytesOut(), text.size());
}

TEST(LineReader, ABlockInMemoryIsReadWhereItLiesLineByLine) {
  // A block of the ring is mapped in place: its lines are views into it,
  // not into a copy, and progress follows the lines taken.
  const std::string text = "first line\n" + std::string(3000, 'x') + "\nlast\n";
  ReaderOptions small;
  small.maxLineBytes = 1000;
  small.windowBytes = 64;  // a copying reader would refill many times
  LineReader reader = LineReader::ofText("block", text, small);
  std::string_view line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line, "first line");
  EXPECT_EQ(line.data(), text.data());
  EXPECT_EQ(reader.bytesIn(), 11u);
  ASSERT_TRUE(reader.next(line));  // the 3000-byte line is over the limit
  EXPECT_EQ(line, "last");
  EXPECT_EQ(line.data(), text.data() + text.size() - 5);
  EXPECT_EQ(reader.overlongLines(), 1u);
  EXPECT_FALSE(reader.next(line));
  EXPECT_EQ(reader.bytesIn(), text.size());
  EXPECT_EQ(reader.bytesOut(), text.size());
}

}  // namespace
}  // namespace logmill::workers
