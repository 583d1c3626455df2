#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "workers/input/FileSource.hpp"
#include "workers/input/GzipIndex.hpp"
#include "workers/input/GzipIndexBuilder.hpp"
#include "workers/input/InflaterStream.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/input/ResumedInflater.hpp"
#include "workers/input/bgzfMembers.hpp"

namespace logmill::workers {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "logmill-gzindex-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string path = (m_path / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

 private:
  fs::path m_path;
};

/// One gzip member of `text`; `extra` (if any) goes in the header's FEXTRA.
std::string gzipMember(const std::string& text, int level, const std::string& extra = "") {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  gz_header header{};
  std::string extraCopy = extra;
  if (!extra.empty()) {
    header.extra = reinterpret_cast<Bytef*>(extraCopy.data());
    header.extra_len = static_cast<uInt>(extraCopy.size());
    EXPECT_EQ(deflateSetHeader(&z, &header), Z_OK);
  }
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

/// `text` as `members` gzip members of uneven sizes (1 = single member).
std::string gzipOf(const std::string& text, int level, int members, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out;
  std::size_t at = 0;
  for (int m = 1; m <= members; ++m) {
    const std::size_t end = m == members
                                ? text.size()
                                : std::min(text.size(), at + rng() % (2 * text.size() / members));
    out += gzipMember(text.substr(at, end - at), level);
    at = end;
  }
  return out;
}

/// Log-like lines of very different lengths (a few are long), ~`bytes` long.
std::string logText(std::size_t bytes, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text;
  for (unsigned i = 0; text.size() < bytes; ++i) {
    const std::size_t pad = rng() % 50 == 0 ? rng() % 20000 : rng() % 200;
    text += "10.0." + std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) +
            " - - [17/May/2015:10:05:" + std::to_string(10 + rng() % 50) + " +0000] \"GET /p/" +
            std::to_string(rng() % 5000) + " HTTP/1.1\" 200 " + std::to_string(rng() % 90000) +
            " \"";
    // Random letters, as in real user agents and query strings: long runs of
    // one letter would make deflate blocks of megabytes.
    for (std::size_t k = 0; k < pad; ++k) text += static_cast<char>('a' + rng() % 26);
    text += "\"\n";
  }
  return text;
}

Lines splitLines(const std::string& text) {
  Lines lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// `length` text bytes decoded from `checkpoint` on (fewer at the end).
std::string inflateFrom(const std::string& path, const GzipCheckpoint& checkpoint,
                        std::size_t length, InflaterKind kind) {
  FileSource source(path);
  source.start(checkpoint.compressedBit / 8, false);
  auto inflater = checkpoint.atMemberStart()
                      ? makeInflater(kind)
                      : makeResumedInflater(kind, checkpoint, checkpointWindow(checkpoint, path));
  InflaterStream stream(
      std::move(inflater), [&source] { return source.next(); }, path, checkpoint.compressedBit / 8,
      checkpoint.textOffset);
  std::string text(length, '\0');
  std::size_t got = 0;
  for (std::size_t n = 1; got < length && n > 0; got += n) {
    n = stream.read({reinterpret_cast<std::uint8_t*>(text.data()) + got, length - got});
  }
  text.resize(got);
  return text;
}

/// Every line of `range` of the indexed gzip `path`.
Lines readRange(const std::string& path, const GzipIndex& index, ByteRange range,
                InflaterKind kind) {
  ReaderOptions options;
  options.gzipIndex = &index;
  options.inflater = kind;
  options.windowBytes = 256 << 10;  // several refills per range
  LineReader reader(path, range, options);
  Lines lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  return lines;
}

Lines readRanges(const std::string& path, const GzipIndex& index,
                 const std::vector<ByteRange>& ranges, InflaterKind kind) {
  Lines all;
  for (const ByteRange& range : ranges) {
    for (auto& line : readRange(path, index, range, kind)) all.push_back(std::move(line));
  }
  return all;
}

struct Shape {
  int level;
  int members;
  InflaterKind kind;
};

class GzipIndexShapes : public testing::TestWithParam<Shape> {};

TEST_P(GzipIndexShapes, EveryCheckpointResumesToTheExactText) {
  const Shape shape = GetParam();
  ScratchDir dir;
  const std::string text = logText(3 << 20, 7 + shape.level);
  const std::string path = dir.write("a.gz", gzipOf(text, shape.level, shape.members, 3));
  const GzipIndex index = GzipIndex::build(path, 200 << 10);
  EXPECT_EQ(index.textSize(), text.size());
  EXPECT_EQ(index.memberCount(), static_cast<std::uint64_t>(shape.members));
  ASSERT_GE(index.checkpoints().size(), 10u);
  std::size_t resumed = 0;
  for (std::size_t i = 0; i < index.checkpoints().size(); ++i) {
    const GzipCheckpoint& c = index.checkpoints()[i];
    if (i > 0) EXPECT_GE(c.textOffset, index.checkpoints()[i - 1].textOffset + (200 << 10));
    // lineStart: just after the first '\n' at or after the checkpoint.
    EXPECT_EQ(c.lineStart, text.find('\n', c.textOffset) + 1);
    resumed += c.atMemberStart() ? 0 : 1;
    // Every third checkpoint is decoded to the end: through member trailers.
    const std::size_t length = i % 3 == 0 ? text.size() : 100000;
    EXPECT_TRUE(inflateFrom(path, c, length, shape.kind) == text.substr(c.textOffset, length))
        << "checkpoint " << i << " at text " << c.textOffset;
  }
  // Members far smaller than the spacing leave only member starts.
  if (shape.members <= 5) EXPECT_GT(resumed, 0u);
}

TEST_P(GzipIndexShapes, LineAlignedRangesCoverTheTextExactlyOnce) {
  const Shape shape = GetParam();
  ScratchDir dir;
  std::string text = logText(2 << 20, 11 + shape.members);
  text += "no final newline";
  const std::string path = dir.write("b.gz", gzipOf(text, shape.level, shape.members, 5));
  const GzipIndex index = GzipIndex::build(path, 128 << 10);
  const Lines expected = splitLines(text);
  for (const std::size_t count : {1u, 2u, 3u, 7u, 64u}) {
    const auto ranges = index.splitRanges(count);
    EXPECT_EQ(ranges.size(), std::min<std::size_t>(count, index.checkpoints().size()));
    EXPECT_TRUE(readRanges(path, index, ranges, shape.kind) == expected) << count << " ranges";
  }
  // Arbitrary cuts, not at checkpoints: the same line rule as plain files.
  std::mt19937 rng(shape.level);
  for (int round = 0; round < 4; ++round) {
    std::vector<std::uint64_t> cuts{0};
    for (int k = 0; k < 9; ++k) cuts.push_back(rng() % (text.size() + 10));
    cuts.push_back(text.find('\n', 500000) + 1);  // a line start
    cuts.push_back(text.find('\n', 900000));      // a '\n'
    std::sort(cuts.begin(), cuts.end());
    std::vector<ByteRange> ranges;
    for (std::size_t k = 0; k < cuts.size(); ++k) {
      ranges.push_back({cuts[k], k + 1 < cuts.size() ? cuts[k + 1] : ByteRange{}.end});
    }
    EXPECT_TRUE(readRanges(path, index, ranges, shape.kind) == expected) << "round " << round;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GzipIndexShapes,
    testing::Values(Shape{6, 1, InflaterKind::kZlib}, Shape{6, 1, InflaterKind::kFastest},
                    Shape{1, 1, InflaterKind::kFastest}, Shape{9, 1, InflaterKind::kZlib},
                    Shape{6, 5, InflaterKind::kFastest}, Shape{1, 40, InflaterKind::kZlib}));

TEST(GzipIndex, BuiltWhileReadingLinesEqualsTheIndexBuiltAlone) {
  ScratchDir dir;
  const std::string text = logText(2 << 20, 21);
  const std::string path = dir.write("c.gz", gzipOf(text, 6, 3, 1));
  GzipIndexBuilder builder(100 << 10);
  ReaderOptions options;
  options.inflateObserver = &builder;
  LineReader reader(path, {}, options);
  std::string_view line;
  std::size_t lines = 0;
  while (reader.next(line)) ++lines;
  EXPECT_EQ(lines, splitLines(text).size());
  ASSERT_TRUE(builder.complete());
  const GzipIndex byProduct = builder.finish(GzipFileKey::of(path), path);
  EXPECT_EQ(byProduct, GzipIndex::build(path, 100 << 10));
  EXPECT_GE(byProduct.checkpoints().size(), 15u);
}

TEST(GzipIndex, AnUnfinishedReadLeavesNoIndex) {
  ScratchDir dir;
  const std::string path = dir.write("d.gz", gzipOf(logText(1 << 20, 2), 6, 1, 1));
  GzipIndexBuilder builder(64 << 10);
  ReaderOptions options;
  options.inflateObserver = &builder;
  options.windowBytes = 64 << 10;
  options.maxLineBytes = 32 << 10;
  LineReader reader(path, {}, options);
  std::string_view line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_FALSE(builder.complete());
  try {
    (void)builder.finish(GzipFileKey::of(path), path);
    FAIL() << "an index of half a read";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": cannot index a gzip file that was not read to its end");
  }
}

TEST(GzipIndex, WithoutAnIndexAGzipRangeIsStillReadWhole) {
  ScratchDir dir;
  const std::string text = logText(300000, 4);
  const std::string path = dir.write("e.gz", gzipOf(text, 6, 1, 1));
  LineReader reader(path, {1000, 2000});
  std::size_t lines = 0;
  std::string_view line;
  while (reader.next(line)) ++lines;
  EXPECT_EQ(lines, splitLines(text).size());
}

/// Lines and the error of reading `range` (whole without an index).
std::pair<Lines, std::string> readUntilDamage(const std::string& path, const GzipIndex* index,
                                              ByteRange range, InflaterKind kind) {
  ReaderOptions options;
  options.gzipIndex = index;
  options.inflater = kind;
  Lines lines;
  try {
    LineReader reader(path, range, options);
    std::string_view line;
    while (reader.next(line)) lines.emplace_back(line);
  } catch (const InputError& e) {
    return {lines, e.what()};
  }
  return {lines, ""};
}

TEST(GzipIndex, DamageAfterACheckpointGivesEveryLineBeforeItAndTheSameError) {
  ScratchDir dir;
  const std::string text = logText(2 << 20, 8);
  const std::string gz = gzipOf(text, 6, 1, 1);
  const std::string path = dir.write("f.gz", gz);
  const GzipIndex index = GzipIndex::build(path, 256 << 10);
  // The same bytes cut short, and with a flipped byte near the end.
  std::string flipped = gz;
  flipped[gz.size() * 9 / 10] ^= 0x55;
  // The last checkpoint well before the damage.
  const std::uint64_t damageAt = gz.size() * 9 / 10;
  std::uint64_t begin = 0;
  for (const GzipCheckpoint& c : index.checkpoints()) {
    if (c.compressedBit / 8 + 2000 < damageAt) begin = c.lineStart;
  }
  ASSERT_GT(begin, 0u);
  for (const std::string& damaged : {gz.substr(0, damageAt), flipped}) {
    dir.write("f.gz", damaged);
    for (const InflaterKind kind : {InflaterKind::kZlib, InflaterKind::kFastest}) {
      const auto whole = readUntilDamage(path, nullptr, {}, kind);
      const auto ranged = readUntilDamage(path, &index, {begin, ByteRange{}.end}, kind);
      ASSERT_FALSE(whole.second.empty());
      EXPECT_EQ(ranged.second, whole.second);
      // The range's lines are the whole read's last ones.
      const std::size_t before = splitLines(text.substr(0, begin)).size();
      ASSERT_GE(whole.first.size(), before);
      EXPECT_TRUE(ranged.first == Lines(whole.first.begin() + before, whole.first.end()));
    }
  }
}

/// `text` as BGZF: members of at most `block` text bytes, each with the BC
/// extra field, then the empty end-of-file member.
std::string bgzfOf(const std::string& text, std::size_t block) {
  std::string out;
  for (std::size_t at = 0; at <= text.size(); at += block) {
    const std::string chunk = text.substr(std::min(at, text.size()), block);
    std::string member = gzipMember(chunk, 6, std::string("BC\x02\x00\x00\x00", 6));
    const std::size_t size = member.size() - 1;
    member[16] = static_cast<char>(size & 0xff);  // 10 fixed + XLEN(2) + "BC" + LEN(2)
    member[17] = static_cast<char>(size >> 8);
    out += member;
    if (chunk.empty()) break;
  }
  if (!text.empty() && text.size() % block != 0) out += bgzfOf("", block);
  return out;
}

TEST(Bgzf, MembersAreFoundFromHeadersAndTrailersAndSplitExactly) {
  ScratchDir dir;
  const std::string text = logText(1 << 20, 30);
  const std::string path = dir.write("g.gz", bgzfOf(text, 60000));
  const auto members = findBgzfMembers(path);
  ASSERT_TRUE(members.has_value());
  EXPECT_EQ(members->size(), text.size() / 60000 + 2);  // + the partial and the empty one
  for (std::size_t i = 0; i < members->size(); ++i) {
    EXPECT_EQ((*members)[i].textOffset, std::min(text.size(), i * 60000));
  }
  const auto index = buildBgzfIndex(path, 200000);
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->textSize(), text.size());
  for (const GzipCheckpoint& c : index->checkpoints()) {
    EXPECT_TRUE(c.atMemberStart());
    EXPECT_EQ(c.lineStart, text.find('\n', c.textOffset) + 1);
  }
  const Lines expected = splitLines(text);
  for (const std::size_t count : {1u, 2u, 5u}) {
    EXPECT_TRUE(readRanges(path, *index, index->splitRanges(count), InflaterKind::kFastest) ==
                expected);
  }
  // An index built by inflating finds the same members, as checkpoints.
  EXPECT_EQ(GzipIndex::build(path, 1).memberCount(), members->size());
}

TEST(Bgzf, PlainGzipIsNotBgzfAndABrokenChainIsAnError) {
  ScratchDir dir;
  const std::string text = logText(200000, 31);
  EXPECT_FALSE(findBgzfMembers(dir.write("h.gz", gzipOf(text, 6, 2, 1))).has_value());
  const std::string path = dir.write("i.gz", bgzfOf(text, 50000) + gzipMember("x\n", 6));
  try {
    (void)findBgzfMembers(path);
    FAIL() << "a plain member after BGZF ones";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(": not a BGZF member at byte "), std::string::npos);
  }
}

}  // namespace
}  // namespace logmill::workers
