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

/// One gzip member of `text`; `extra` (if any) goes in the header's FEXTRA,
/// `name` in FNAME.
std::string gzipMember(const std::string& text, int level, const std::string& extra = "",
                       int strategy = Z_DEFAULT_STRATEGY, const std::string& name = "") {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, strategy), Z_OK);
  gz_header header{};
  std::string extraCopy = extra;
  std::string nameCopy = name;
  if (!extra.empty()) {
    header.extra = reinterpret_cast<Bytef*>(extraCopy.data());
    header.extra_len = static_cast<uInt>(extraCopy.size());
  }
  if (!name.empty()) header.name = reinterpret_cast<Bytef*>(nameCopy.data());
  if (!extra.empty() || !name.empty()) {
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

/// Checks every checkpoint of `index` (of `text`, checkpoints at least
/// `spacing` apart) by decoding from it with `kind`; returns how many are
/// block ends inside a member (not member starts).
std::size_t expectEveryCheckpointResumes(const std::string& path, const GzipIndex& index,
                                         const std::string& text, std::uint64_t spacing,
                                         InflaterKind kind) {
  EXPECT_EQ(index.textSize(), text.size());
  std::size_t resumed = 0;
  for (std::size_t i = 0; i < index.checkpoints().size(); ++i) {
    const GzipCheckpoint& c = index.checkpoints()[i];
    if (i > 0) {
      EXPECT_GE(c.textOffset, index.checkpoints()[i - 1].textOffset + spacing);
    }
    // lineStart: just after the first '\n' at or after the checkpoint.
    const std::size_t newline = text.find('\n', c.textOffset);
    EXPECT_EQ(c.lineStart, newline == std::string::npos ? text.size() : newline + 1);
    resumed += c.atMemberStart() ? 0 : 1;
    // Every third checkpoint is decoded to the end: through member trailers.
    const std::size_t length = i % 3 == 0 ? text.size() : 100000;
    EXPECT_TRUE(inflateFrom(path, c, length, kind) == text.substr(c.textOffset, length))
        << "checkpoint " << i << " at text " << c.textOffset;
  }
  return resumed;
}

TEST_P(GzipIndexShapes, EveryCheckpointResumesToTheExactText) {
  const Shape shape = GetParam();
  ScratchDir dir;
  const std::string text = logText(3 << 20, 7 + shape.level);
  const std::string path = dir.write("a.gz", gzipOf(text, shape.level, shape.members, 3));
  // Built and resumed by the same library: zlib's every block end, or ISA-L
  // stepping to one past each target.
  const GzipIndex index = GzipIndex::build(path, 200 << 10, {}, shape.kind);
  EXPECT_EQ(index.memberCount(), static_cast<std::uint64_t>(shape.members));
  ASSERT_GE(index.checkpoints().size(), 10u);
  const std::size_t resumed =
      expectEveryCheckpointResumes(path, index, text, 200 << 10, shape.kind);
  // Members far smaller than the spacing leave only member starts.
  if (shape.members <= 5) {
    EXPECT_GT(resumed, 0u);
  }
}

TEST_P(GzipIndexShapes, LineAlignedRangesCoverTheTextExactlyOnce) {
  const Shape shape = GetParam();
  ScratchDir dir;
  std::string text = logText(2 << 20, 11 + shape.members);
  text += "no final newline";
  const std::string path = dir.write("b.gz", gzipOf(text, shape.level, shape.members, 5));
  const GzipIndex index = GzipIndex::build(path, 128 << 10, {}, shape.kind);
  const Lines expected = splitLines(text);
  // Up to 7 ranges: checkpoints are closer than the cuts, one range each.
  // 64: at most one per checkpoint, two close checkpoints (ISA-L's fall
  // where it could stop) may share a cut's target.
  for (const std::size_t count : {1u, 2u, 3u, 7u, 64u}) {
    const auto ranges = index.splitRanges(count);
    if (count <= 7) {
      EXPECT_EQ(ranges.size(), count);
    }
    EXPECT_LE(ranges.size(), index.checkpoints().size());
    EXPECT_GE(ranges.size(), std::min<std::size_t>(count, index.checkpoints().size() / 2));
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
                    Shape{9, 1, InflaterKind::kIsal}, Shape{6, 5, InflaterKind::kFastest},
                    Shape{1, 3, InflaterKind::kIsal}, Shape{1, 40, InflaterKind::kZlib}));

// ISA-L cannot stop at block ends; the index reader feeds it a few bytes at
// a time past each target until a call ends inside a block header. These
// are the shapes where that could go wrong.
class IsalIndex : public testing::Test {
 protected:
  void SetUp() override {
    if (!haveIsal()) GTEST_SKIP() << "built without ISA-L";
  }
};

/// The index of `gz` (the bytes of `path`) built with ISA-L from input that
/// arrives in pieces of 1 to `maxPiece` bytes, read into buffers of 1 to
/// 70,000 bytes.
GzipIndex isalIndexFromPieces(const std::string& path, const std::string& gz, std::uint64_t spacing,
                              std::size_t maxPiece, unsigned seed) {
  std::mt19937 rng(seed);
  std::size_t at = 0;
  GzipIndexBuilder builder(spacing);
  InflaterStream stream(
      makeBlockInflater(InflaterKind::kIsal, builder.blockEndSpacing()),
      [&]() -> std::span<const std::uint8_t> {
        const std::size_t n = std::min(gz.size() - at, 1 + rng() % maxPiece);
        at += n;
        return {reinterpret_cast<const std::uint8_t*>(gz.data()) + at - n, n};
      },
      path);
  stream.setObserver(&builder);
  std::vector<std::uint8_t> out(70000);
  while (stream.read({out.data(), 1 + rng() % out.size()}) > 0) {
  }
  return builder.finish(GzipFileKey::of(path), path);
}

TEST_F(IsalIndex, ATinyFileHasOnlyItsStart) {
  ScratchDir dir;
  const std::string text = "1.2.3.4 - - x\n";
  const std::string path = dir.write("t.gz", gzipMember(text, 6));
  const GzipIndex index = GzipIndex::build(path, 1, {}, InflaterKind::kIsal);
  ASSERT_EQ(index.checkpoints().size(), 1u);
  EXPECT_TRUE(index.checkpoints()[0].atMemberStart());
  expectEveryCheckpointResumes(path, index, text, 1, InflaterKind::kIsal);
  // Empty text: one member, no text, still one checkpoint.
  const std::string empty = dir.write("e.gz", gzipMember("", 6));
  EXPECT_EQ(GzipIndex::build(empty, 1, {}, InflaterKind::kIsal).checkpoints().size(), 1u);
}

TEST_F(IsalIndex, OneDeflateBlockHasNoBlockEndToStopAt) {
  ScratchDir dir;
  const std::string text = logText(20 << 10, 5);
  const std::string path = dir.write("o.gz", gzipMember(text, 6));
  // zlib sees every block end: there is none but the last.
  ASSERT_EQ(GzipIndex::build(path, 1024, {}, InflaterKind::kZlib).checkpoints().size(), 1u);
  const GzipIndex index = GzipIndex::build(path, 1024, {}, InflaterKind::kIsal);
  EXPECT_EQ(index.checkpoints().size(), 1u);
  EXPECT_EQ(index.textSize(), text.size());
}

TEST_F(IsalIndex, StoredBlocksAreCaughtAtTheirShortHeaders) {
  ScratchDir dir;
  const std::string text = logText(3 << 20, 9);
  const std::string path = dir.write("s.gz", gzipMember(text, 0));
  const GzipIndex index = GzipIndex::build(path, 200 << 10, {}, InflaterKind::kIsal);
  // A stored block (65,535 + 5 bytes) moves the next header by 4 bytes
  // against the 32-byte pieces: every 8th header is cut by a piece's end, so
  // checkpoints are one per 8 blocks (512 KiB) here, not one per target.
  EXPECT_GE(expectEveryCheckpointResumes(path, index, text, 200 << 10, InflaterKind::kIsal), 5u);
}

TEST_F(IsalIndex, FixedCodeBlocksGiveFewerCheckpointsNeverWrongOnes) {
  ScratchDir dir;
  const std::string text = logText(3 << 20, 13);
  const std::string path = dir.write("f.gz", gzipMember(text, 6, "", Z_FIXED));
  const GzipIndex index = GzipIndex::build(path, 200 << 10, {}, InflaterKind::kIsal);
  expectEveryCheckpointResumes(path, index, text, 200 << 10, InflaterKind::kIsal);
  expectEveryCheckpointResumes(path, index, text, 200 << 10, InflaterKind::kZlib);
}

TEST_F(IsalIndex, HeadersWithExtraFieldAndNameAndInputInAnyPieces) {
  ScratchDir dir;
  const std::string text = logText(3 << 20, 17);
  const std::string a = text.substr(0, 1 << 20), b = text.substr(1 << 20);
  const std::string gz = gzipMember(a, 1, std::string(300, 'x'), Z_DEFAULT_STRATEGY, "a.log") +
                         gzipMember(b, 6, "", Z_DEFAULT_STRATEGY, std::string(1000, 'n'));
  const std::string path = dir.write("h.gz", gz);
  const GzipIndex whole = GzipIndex::build(path, 150 << 10, {}, InflaterKind::kIsal);
  EXPECT_EQ(whole.memberCount(), 2u);
  EXPECT_GE(expectEveryCheckpointResumes(path, whole, text, 150 << 10, InflaterKind::kIsal), 12u);
  for (const std::size_t maxPiece : {7u, 100u, 5000u}) {
    const GzipIndex pieces = isalIndexFromPieces(path, gz, 150 << 10, maxPiece, 3);
    EXPECT_GE(pieces.checkpoints().size(), whole.checkpoints().size() - 2) << maxPiece;
    expectEveryCheckpointResumes(path, pieces, text, 150 << 10, InflaterKind::kIsal);
    expectEveryCheckpointResumes(path, pieces, text, 150 << 10, InflaterKind::kZlib);
  }
}

TEST(GzipIndex, BuiltWhileReadingLinesEqualsTheIndexBuiltAlone) {
  ScratchDir dir;
  const std::string text = logText(2 << 20, 21);
  const std::string path = dir.write("c.gz", gzipOf(text, 6, 3, 1));
  for (const InflaterKind kind : {InflaterKind::kZlib, InflaterKind::kIsal}) {
    GzipIndexBuilder builder(100 << 10);
    ReaderOptions options;
    options.inflateObserver = &builder;
    options.inflater = kind;
    LineReader reader(path, {}, options);
    std::string_view line;
    std::size_t lines = 0;
    while (reader.next(line)) ++lines;
    EXPECT_EQ(lines, splitLines(text).size());
    ASSERT_TRUE(builder.complete());
    const GzipIndex byProduct = builder.finish(GzipFileKey::of(path), path);
    const GzipIndex alone = GzipIndex::build(path, 100 << 10, {}, kind);
    EXPECT_GE(byProduct.checkpoints().size(), 15u);
    if (kind == InflaterKind::kZlib) {
      EXPECT_EQ(byProduct, alone);
    } else {
      // ISA-L finds the first block end it can past each target, which
      // depends on how far ahead of its output it had read: the same file,
      // about as many checkpoints, each one exact.
      EXPECT_EQ(byProduct.memberCount(), alone.memberCount());
      EXPECT_NEAR(static_cast<double>(byProduct.checkpoints().size()),
                  static_cast<double>(alone.checkpoints().size()), 2.0);
      expectEveryCheckpointResumes(path, byProduct, text, 100 << 10, kind);
    }
  }
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
