#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/GzipText.hpp"
#include "tests/TempDir.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/input/LiteralFinder.hpp"
#include "workers/input/Prefetcher.hpp"

namespace logmill::workers {
namespace {

namespace fs = std::filesystem;
using Lines = std::vector<std::string>;

using logmill::testing::gzipText;
using logmill::testing::TempDir;

/// The lines of `text` as the contract defines them, the slow obvious way.
Lines splitLines(const std::string& text) {
  Lines lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const std::size_t next = end == std::string::npos ? text.size() : end + 1;
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = next;
  }
  return lines;
}

/// Numbered log-like lines of varied length, about `bytes` long.
std::string logText(std::size_t bytes, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text;
  for (unsigned i = 0; text.size() < bytes; ++i) {
    text += "192.168." + std::to_string(rng() % 256) + "." + std::to_string(rng() % 256) +
            " - - [17/May/2015:10:05:" + std::to_string(10 + rng() % 50) + " +0000] \"GET /page/" +
            std::to_string(i) + std::string(rng() % 120, 'p') + " HTTP/1.1\" 200 " +
            std::to_string(rng() % 90000) + "\n";
  }
  return text;
}

struct Read {
  Lines lines;
  std::string error;  // what() of the InputError that ended the read, if any
  std::uint64_t bytesIn = 0;
  std::uint64_t bytesOut = 0;
  std::uint64_t overlong = 0;
  bool gzip = false;
};

/// Reads every line of `path`, stopping at (and recording) an InputError.
Read readAll(const std::string& path, ByteRange range = {}, ReaderOptions options = {}) {
  Read result;
  try {
    LineReader reader(path, range, options);
    result.gzip = reader.isGzip();
    std::string_view line;
    try {
      while (reader.next(line)) result.lines.emplace_back(line);
    } catch (const InputError& e) {
      result.error = e.what();
      // The failure is sticky: the reader does not go on as if nothing happened.
      EXPECT_THROW((void)reader.next(line), InputError);
    }
    result.bytesIn = reader.bytesIn();
    result.bytesOut = reader.bytesOut();
    result.overlong = reader.overlongLines();
  } catch (const InputError& e) {
    result.error = e.what();
  }
  return result;
}

ReaderOptions withInflater(InflaterKind kind, bool prefetch = true) {
  ReaderOptions options;
  options.inflater = kind;
  options.prefetch = prefetch;
  return options;
}

/// The number in "... at byte N ..." of an error message.
std::uint64_t byteOffsetIn(const std::string& message) {
  std::smatch match;
  EXPECT_TRUE(std::regex_search(message, match, std::regex("at byte ([0-9]+)"))) << message;
  return match.empty() ? 0 : std::stoull(match[1]);
}

TEST(LineReader, PlainFileGivesLinesWithoutTerminators) {
  TempDir dir;
  const std::string path = dir.write("a.log", "a\nbb\n\nccc");
  const Read got = readAll(path);
  EXPECT_EQ(got.error, "");
  EXPECT_FALSE(got.gzip);
  EXPECT_EQ(got.lines, (Lines{"a", "bb", "", "ccc"}));
  EXPECT_EQ(got.bytesIn, 9u);
  EXPECT_EQ(got.bytesOut, 9u);
  EXPECT_EQ(LineReader(path).path(), path);
}

TEST(LineReader, CrlfIsStrippedButACarriageReturnInsideALineIsKept) {
  TempDir dir;
  const Read got = readAll(dir.write("crlf.log", "a\r\nb\rc\r\n\r\n\nlast\r"));
  EXPECT_EQ(got.lines, (Lines{"a", "b\rc", "", "", "last"}));
}

TEST(LineReader, EmptyFilesHaveNoLinesEvenWhenNamedGz) {
  TempDir dir;
  for (const char* name : {"empty.log", "empty.log.gz"}) {
    const Read got = readAll(dir.write(name, ""));
    EXPECT_EQ(got.error, "") << name;
    EXPECT_TRUE(got.lines.empty()) << name;
  }
}

TEST(LineReader, GzipIsRecognisedByItsBytesNotItsName) {
  TempDir dir;
  const Read got = readAll(dir.write("access.log", gzipText("x\ny\n")));
  EXPECT_TRUE(got.gzip);
  EXPECT_EQ(got.lines, (Lines{"x", "y"}));
}

TEST(LineReader, FileNamedGzThatIsNotGzipIsRejected) {
  TempDir dir;
  const std::string path = dir.write("a.log.gz", "GET / HTTP/1.1\n");
  const Read got = readAll(path);
  EXPECT_EQ(got.error, path + ": not a gzip file (bad magic)");
}

TEST(LineReader, MultiMemberGzipContinuesLinesAcrossMembers) {
  TempDir dir;
  const std::string bytes = gzipText("a\npar") + gzipText("tial\n") + gzipText("") + gzipText("z");
  for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
    const Read got = readAll(dir.write("multi.gz", bytes), {}, withInflater(kind));
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.lines, (Lines{"a", "partial", "z"}));
    EXPECT_EQ(got.bytesIn, bytes.size());
    EXPECT_EQ(got.bytesOut, 11u);
  }
}

TEST(LineReader, GzipOfNothingHasNoLines) {
  TempDir dir;
  const Read got = readAll(dir.write("nothing.gz", gzipText("")));
  EXPECT_EQ(got.error, "");
  EXPECT_TRUE(got.gzip);
  EXPECT_TRUE(got.lines.empty());
}

TEST(LineReader, ZeroPaddingAfterTheLastMemberIsAccepted) {
  TempDir dir;
  const Read got = readAll(dir.write("padded.gz", gzipText("a\n") + std::string(1000, '\0')));
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.lines, (Lines{"a"}));
}

TEST(LineReader, TruncatedGzipGivesEveryCompleteLineBeforeTheDamage) {
  TempDir dir;
  const std::string text = logText(6 << 20, 1);
  const Lines all = splitLines(text);
  const std::string whole = gzipText(text);
  const std::string cut = whole.substr(0, whole.size() * 6 / 10);
  const std::string path = dir.write("cut.gz", cut);
  for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
    const Read got = readAll(path, {}, withInflater(kind));
    EXPECT_EQ(got.error, path + ": truncated gzip stream at byte " + std::to_string(cut.size()));
    ASSERT_LT(got.lines.size(), all.size());
    // Most of the text before the cut decodes; every line of it comes out.
    EXPECT_GT(got.lines.size(), all.size() / 2);
    EXPECT_TRUE(std::equal(got.lines.begin(), got.lines.end(), all.begin()));
  }
}

TEST(LineReader, TruncatedTrailerComesAfterAllTheLines) {
  TempDir dir;
  const std::string text = logText(1 << 20, 2);
  const std::string whole = gzipText(text);
  const std::string path = dir.write("notrailer.gz", whole.substr(0, whole.size() - 5));
  for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
    const Read got = readAll(path, {}, withInflater(kind));
    EXPECT_EQ(got.lines, splitLines(text));
    EXPECT_EQ(got.error,
              path + ": truncated gzip stream at byte " + std::to_string(whole.size() - 5));
  }
}

TEST(LineReader, CorruptMemberFailsAfterTheLinesOfTheGoodOnesWithItsOffset) {
  TempDir dir;
  const std::string good = gzipText(logText(3 << 20, 3));
  std::string bad = gzipText(logText(10000, 4));
  bad[10] |= 0x06;  // first deflate block header: BTYPE 11 is reserved
  const std::string path = dir.write("bad.gz", good + bad);
  for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
    const Read got = readAll(path, {}, withInflater(kind));
    EXPECT_EQ(got.lines, splitLines(logText(3 << 20, 3)));
    EXPECT_TRUE(got.error.starts_with(path + ": corrupt gzip data at byte ")) << got.error;
    EXPECT_NE(got.error.find("block"), std::string::npos) << got.error;
    const std::uint64_t at = byteOffsetIn(got.error);
    EXPECT_GE(at, good.size() + 10);
    EXPECT_LE(at, good.size() + 16);
  }
}

TEST(LineReader, FlippedBitsThrowInputErrorAndNeverCrash) {
  TempDir dir;
  const std::string text = logText(300000, 5);
  const std::string clean = gzipText(text);
  std::mt19937 rng(5);
  for (int i = 0; i < 40; ++i) {
    std::string damaged = clean;
    const std::size_t at = 10 + rng() % (damaged.size() - 10);
    damaged[at] = static_cast<char>(damaged[at] ^ (1 << (rng() % 8)));
    const std::string path = dir.write("flip.gz", damaged);
    for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
      const Read got = readAll(path, {}, withInflater(kind));
      if (got.error.empty()) {
        EXPECT_EQ(got.lines, splitLines(text)) << "undetected flip at byte " << at;
      } else {
        EXPECT_TRUE(got.error.starts_with(path + ": corrupt gzip data at byte ") ||
                    got.error.starts_with(path + ": truncated gzip stream at byte "))
            << got.error;
      }
    }
  }
}

TEST(LineReader, CrcMismatchIsReportedAfterAllTheLines) {
  TempDir dir;
  const std::string text = logText(500000, 6);
  std::string bytes = gzipText(text);
  bytes[bytes.size() - 7] ^= 0x10;
  const std::string path = dir.write("crc.gz", bytes);
  for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
    const Read got = readAll(path, {}, withInflater(kind));
    EXPECT_EQ(got.lines, splitLines(text));
    EXPECT_TRUE(got.error.starts_with(path + ": corrupt gzip data at byte ")) << got.error;
    EXPECT_TRUE(got.error.ends_with("(incorrect data check)")) << got.error;
  }
}

TEST(LineReader, OpenErrorsNameTheFileAndTheReason) {
  TempDir dir;
  const std::string missing = dir.path() + "/missing.gz";
  EXPECT_EQ(readAll(missing).error, "cannot open '" + missing + "': No such file or directory");
  EXPECT_EQ(readAll(dir.path()).error, "cannot open '" + dir.path() + "': Is a directory");
}

TEST(LineReader, UnreadableFileIsPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  const std::string path = dir.write("secret.log", "x\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  EXPECT_EQ(readAll(path).error, "cannot open '" + path + "': Permission denied");
}

TEST(LineReader, ReadErrorNamesTheFileTheOffsetAndTheReason) {
  // Reading this process's memory at address 0 fails with a real EIO.
  const Read got = readAll("/proc/self/mem");
  EXPECT_EQ(got.error, "cannot read '/proc/self/mem' at byte 0: Input/output error");
}

TEST(LineReader, OverlongLinesAreSkippedWholeAndCounted) {
  TempDir dir;
  const std::string text = "short\n" + std::string(11, 'x') + "\n" + std::string(10, 'y') + "\r\n" +
                           std::string(9 << 20, 'z') + "\nend\n" + "ok\n" +
                           std::string(5 << 20, 'w');
  ReaderOptions options;
  options.maxLineBytes = 10;
  for (const std::string& bytes : {text, gzipText(text)}) {
    const Read got = readAll(dir.write("long.log", bytes), {}, options);
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.lines, (Lines{"short", std::string(10, 'y'), "end", "ok"}));
    EXPECT_EQ(got.overlong, 3u);
    EXPECT_EQ(got.bytesOut, text.size());
  }
}

TEST(LineReader, LongLinesWithinTheLimitSurviveWindowRefills) {
  TempDir dir;
  std::mt19937 rng(8);
  std::string text;
  while (text.size() < (14 << 20)) {
    text += std::string(rng() % 3 == 0 ? rng() % (3 << 20) : rng() % 300, 'a' + rng() % 26);
    text += rng() % 2 ? "\n" : "\r\n";
  }
  ReaderOptions options;
  options.maxLineBytes = 3 << 20;
  const Lines expected = splitLines(text);
  for (const std::string& bytes : {text, gzipText(text, 1)}) {
    const Read got = readAll(dir.write("wide.log", bytes), {}, options);
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.overlong, 0u);
    EXPECT_TRUE(got.lines == expected);
  }
}

class LineReaderModes : public ::testing::TestWithParam<std::tuple<InflaterKind, bool>> {};

TEST_P(LineReaderModes, ManyLinesAcrossBlocksMatchTheReferenceSplit) {
  const auto [kind, prefetch] = GetParam();
  TempDir dir;
  const std::string text = logText(10 << 20, 9);
  const Lines expected = splitLines(text);
  const std::string gz = gzipText(text.substr(0, 4 << 20)) + gzipText(text.substr(4 << 20));
  for (const std::string& bytes : {text, gz}) {
    const Read got = readAll(dir.write("big.log", bytes), {}, withInflater(kind, prefetch));
    EXPECT_EQ(got.error, "");
    EXPECT_TRUE(got.lines == expected);
    EXPECT_EQ(got.bytesIn, bytes.size());
    EXPECT_EQ(got.bytesOut, text.size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Backends, LineReaderModes,
    ::testing::Combine(::testing::Values(InflaterKind::kIsal, InflaterKind::kZlib),
                       ::testing::Bool()),
    [](const auto& info) {
      return std::string(std::get<0>(info.param) == InflaterKind::kZlib ? "Zlib" : "Isal") +
             (std::get<1>(info.param) ? "Prefetch" : "Direct");
    });

/// The lines of consecutive ranges cut at `cuts` (sorted, inside the file),
/// concatenated; also checks that their bytesOut adds up to the file size.
Lines readInRanges(const std::string& path, std::vector<std::uint64_t> cuts, std::uint64_t size,
                   ReaderOptions options = {}) {
  cuts.insert(cuts.begin(), 0);
  Lines lines;
  std::uint64_t bytesOut = 0;
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    ByteRange range{cuts[i], i + 1 < cuts.size() ? cuts[i + 1] : ByteRange{}.end};
    LineReader reader(path, range, options);
    std::string_view line;
    while (reader.next(line)) lines.emplace_back(line);
    bytesOut += reader.bytesOut();
  }
  EXPECT_EQ(bytesOut, size);
  return lines;
}

TEST(LineReaderRanges, EverySplitOfASmallFileGivesEachLineOnce) {
  TempDir dir;
  const std::string text = "a\n\nbc\r\nd\n\n\nefg\nh";
  const std::string path = dir.write("small.log", text);
  const Lines expected = splitLines(text);
  for (std::uint64_t i = 0; i <= text.size() + 1; ++i) {
    for (std::uint64_t j = i; j <= text.size() + 2; ++j) {
      EXPECT_EQ(readInRanges(path, {i, j}, text.size()), expected) << "cuts " << i << "," << j;
    }
  }
}

TEST(LineReaderRanges, RandomSplitsOfALargeFileGiveEachLineOnce) {
  TempDir dir;
  std::mt19937 rng(10);
  std::string text = logText(3 << 20, 10);
  text.insert(1 << 20, std::string(200000, 'L') + "\r\n\n\n");  // a long line and empty ones
  text += "no final newline";
  const std::string path = dir.write("large.log", text);
  const Lines expected = splitLines(text);
  for (int round = 0; round < 12; ++round) {
    std::vector<std::uint64_t> cuts;
    const int pieces = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < pieces; ++k) {
      std::uint64_t at = rng() % text.size();
      if (k % 3 == 0) at = text.find('\n', at) + (k % 2);  // at a '\n' or a line start
      cuts.push_back(std::min<std::uint64_t>(at, text.size()));
    }
    std::sort(cuts.begin(), cuts.end());
    ReaderOptions options;
    options.prefetch = round % 2 == 0;
    options.maxLineBytes = 100000;  // the long line is overlong: skipped by exactly one range
    Lines want = expected;
    std::erase_if(want, [](const std::string& l) { return l.size() > 100000; });
    EXPECT_TRUE(readInRanges(path, cuts, text.size(), options) == want) << "round " << round;
  }
}

/// What nextContaining() gives for `range` of `path`.
struct Filtered {
  Lines lines;
  std::uint64_t skipped = 0, overlong = 0, bytesOut = 0;
};
Filtered readContaining(const std::string& path, const LiteralFinder& finder, ByteRange range,
                        ReaderOptions options) {
  Filtered got;
  LineReader reader(path, range, options);
  std::string_view line;
  for (;;) {
    const LineReader::Step step = reader.nextContaining(finder, line);
    if (step == LineReader::Step::kEnd) break;
    if (step == LineReader::Step::kLine) got.lines.emplace_back(line);
  }
  got.skipped = reader.skippedLines();
  got.overlong = reader.overlongLines();
  got.bytesOut = reader.bytesOut();
  return got;
}

TEST(LineReaderPrefilter, GivesExactlyTheLinesHoldingTheNeedleAndCountsTheRest) {
  TempDir dir;
  std::mt19937 rng(12);
  const std::string needle = "/robots.txt";
  // Log lines, some holding the needle anywhere (first bytes, last bytes, a
  // CRLF line), some long, some overlong, and a last line without newline.
  std::string text;
  while (text.size() < (9 << 20)) {
    std::string line = logText(1, static_cast<unsigned>(rng()));
    line.pop_back();
    const unsigned kind = rng() % 400;
    if (kind < 10) {
      line = needle + line;
    } else if (kind < 20) {
      line += needle;
    } else if (kind < 30) {
      line.insert(rng() % line.size(), needle);
    } else if (kind < 32) {
      line = std::string(150000 + rng() % 100000, 'L') + needle;  // maybe overlong
    } else if (kind < 40) {
      line += "/robots.tx";  // a near miss
    }
    text += line + (rng() % 5 == 0 ? "\r\n" : "\n");
  }
  text += "GET " + needle;
  ReaderOptions options;
  options.maxLineBytes = 200000;
  Lines all = splitLines(text);
  std::uint64_t overlong = 0;
  std::erase_if(all, [&](const std::string& l) { return l.size() > 200000 && ++overlong; });
  Lines want = all;
  std::erase_if(want, [&](const std::string& l) { return l.find(needle) == std::string::npos; });
  ASSERT_GT(want.size(), 500u);
  const LiteralFinder finder(needle);
  const std::string gz = gzipText(text.substr(0, 5 << 20)) + gzipText(text.substr(5 << 20));
  for (const std::size_t window : {std::size_t{4} << 20, std::size_t{4096}}) {
    options.windowBytes = window;
    for (const std::string& bytes : {text, gz}) {
      const std::string path = dir.write("mixed.log", bytes);
      const Filtered got = readContaining(path, finder, {}, options);
      EXPECT_TRUE(got.lines == want) << "window " << window;
      EXPECT_EQ(got.overlong, overlong);
      EXPECT_EQ(got.skipped, all.size() - want.size());
      EXPECT_EQ(got.bytesOut, text.size());
      // next() with the same small window gives every line.
      if (window < 65536) {
        EXPECT_TRUE(readAll(path, {}, options).lines == all);
      }
    }
  }
  options.windowBytes = std::size_t{4} << 20;
  // Ranges of a plain file: together, each line once.
  const std::string path = dir.write("mixed.log", text);
  const std::vector<std::uint64_t> cuts = {0,       1 << 20, (1 << 20) + 1,
                                           4 << 20, 7 << 20, text.size()};
  Filtered total;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const Filtered part = readContaining(path, finder, {cuts[i], cuts[i + 1]}, options);
    total.lines.insert(total.lines.end(), part.lines.begin(), part.lines.end());
    total.skipped += part.skipped;
    total.overlong += part.overlong;
    total.bytesOut += part.bytesOut;
  }
  EXPECT_TRUE(total.lines == want);
  EXPECT_EQ(total.skipped + total.overlong + want.size(), all.size() + overlong);
  EXPECT_EQ(total.bytesOut, text.size());
}

/// Lines for the prefilter's differential test: empty, CRLF, short and
/// overlong ones, needles (one or several a line) at the line's start, end
/// and just before its '\r', the last line with or without a newline.
std::string prefilterText(std::mt19937& rng, const std::string& needle, std::size_t maxLine) {
  std::string text;
  const int lines = static_cast<int>(rng() % 60);
  const std::string alphabet = needle + "ab\r";
  for (int i = 0; i < lines; ++i) {
    const unsigned kind = rng() % 8;
    std::size_t length = kind == 0 ? 0 : rng() % (kind < 3 ? 2 * maxLine + 130 : 90);
    if (kind == 3) length = maxLine + rng() % 3;  // at the limit, with or without '\r'
    std::string line(length, 'a');
    for (char& c : line) c = alphabet[rng() % alphabet.size()];
    for (unsigned k = rng() % 3; k > 0 && rng() % 2; --k) {
      line.insert(rng() % 4 == 0 ? line.size() : rng() % (line.size() + 1), needle);
    }
    text += line;
    if (rng() % 3 == 0) text += '\r';
    if (i + 1 < lines || rng() % 2) text += '\n';
  }
  return text;
}

// nextContaining() gives exactly the lines next() gives that hold the needle,
// on thousands of small texts, read from memory (one window) and from files
// through small windows (many refills, lines cut by them); needles may hold
// or end in '\r', which a line loses with its "\r\n".
TEST(LineReaderPrefilter, AgreesWithNextOnEdgeCases) {
  TempDir dir;
  std::mt19937 rng(1617);
  static const std::string kNeedles[] = {"/robots.txt", "a",    "\r",   "b\r",
                                         "ab",          "a\rb", "bb\r", "aab"};
  for (int round = 0; round < 6000; ++round) {
    const std::string needle = kNeedles[rng() % std::size(kNeedles)];
    ReaderOptions options;
    static const std::size_t kMaxLines[] = {1, 10, 63, 64, 65, 100, 128, 200, 256};
    options.maxLineBytes = kMaxLines[rng() % std::size(kMaxLines)];
    options.windowBytes = 64 + rng() % 600;
    const std::string text = prefilterText(rng, needle, options.maxLineBytes);
    Lines all = splitLines(text);
    std::uint64_t overlong = 0;
    std::erase_if(
        all, [&](const std::string& l) { return l.size() > options.maxLineBytes && ++overlong; });
    Lines want = all;
    std::erase_if(want, [&](const std::string& l) { return l.find(needle) == std::string::npos; });
    const LiteralFinder finder(needle);
    const auto check = [&](LineReader reader, const char* how) {
      Filtered got;
      std::string_view line;
      for (LineReader::Step step;
           (step = reader.nextContaining(finder, line)) != LineReader::Step::kEnd;) {
        if (step == LineReader::Step::kLine) got.lines.emplace_back(line);
      }
      ASSERT_EQ(got.lines, want) << how << " round " << round;
      ASSERT_EQ(reader.overlongLines(), overlong) << how << " round " << round;
      ASSERT_EQ(reader.skippedLines(), all.size() - want.size()) << how << " round " << round;
      ASSERT_EQ(reader.bytesOut(), text.size()) << how << " round " << round;
    };
    check(LineReader::ofText("text", text, options), "memory");
    if (round % 8 == 0) {
      check(LineReader(dir.write("prefilter.log", text), {}, options), "file");
      if (round % 16 == 0)
        check(LineReader(dir.write("prefilter.gz", gzipText(text)), {}, options), "gzip");
    }
  }
}

// The regression fuzz_line_reader found (robots2): the window scan finds a
// needle ending in '\r' across a line's "\r\n", and the line given without
// its '\r' no longer holds it, so it must not be returned as a hit.
TEST(LineReaderPrefilter, ANeedleEndingInCarriageReturnIsNotFoundAcrossTheLineEnd) {
  const std::string text = "b\r\nab\r\r\nb\r";
  for (const std::size_t maxLine : {std::size_t{3}, std::size_t{64}, std::size_t{1000}}) {
    ReaderOptions options;
    options.maxLineBytes = maxLine;
    for (const auto& [needle, want] : {std::pair<std::string, Lines>{"\r", {"ab\r"}},
                                       {"b\r", {"ab\r"}},
                                       {"b\r\r", {}},
                                       {"b", {"b", "ab\r", "b"}}}) {
      const LiteralFinder finder(needle);
      LineReader reader = LineReader::ofText("crlf", text, options);
      Lines got;
      std::string_view line;
      for (LineReader::Step step;
           (step = reader.nextContaining(finder, line)) != LineReader::Step::kEnd;) {
        if (step == LineReader::Step::kLine) got.emplace_back(line);
      }
      EXPECT_EQ(got, want) << "needle '" << needle << "' maxLine " << maxLine;
      EXPECT_EQ(reader.skippedLines(), 3 - want.size()) << "needle '" << needle << "'";
    }
  }
}

TEST(LineReaderRanges, GzipIgnoresTheRangeAndIsReadWhole) {
  TempDir dir;
  const std::string path = dir.write("r.gz", gzipText("one\ntwo\nthree\n"));
  EXPECT_EQ(readAll(path, ByteRange{5, 9}).lines, (Lines{"one", "two", "three"}));
}

/// Runs `body` with fd 0 reading a pipe that a helper thread fills with
/// `bytes` and then closes; fd 0 is restored afterwards.
template <typename Body>
void withStdin(const std::string& bytes, Body body) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer([&bytes, fd = fds[1]] {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  });
  const int savedStdin = ::dup(STDIN_FILENO);
  ASSERT_GE(savedStdin, 0);
  ASSERT_EQ(::dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  ::close(fds[0]);
  body();
  ::dup2(savedStdin, STDIN_FILENO);  // also closes the pipe's read end, unblocking the writer
  ::close(savedStdin);
  writer.join();
}

TEST(LineReaderStdin, PlainAndGzipArePeekedFromAPipe) {
  const std::string text = logText(3 << 20, 11);
  const std::string gz = gzipText(text.substr(0, 1000)) + gzipText(text.substr(1000));
  for (const std::string& bytes : {text, gz}) {
    withStdin(bytes, [&] {
      const Read got = readAll("-", ByteRange{100, 200});  // a pipe is read whole
      EXPECT_EQ(got.error, "");
      EXPECT_EQ(got.gzip, bytes == gz);
      EXPECT_TRUE(got.lines == splitLines(text));
      EXPECT_EQ(got.bytesIn, bytes.size());
    });
  }
}

TEST(LineReaderStdin, TruncatedGzipOnStdinSaysStdin) {
  const std::string gz = gzipText("a\nb\n");
  withStdin(gz.substr(0, gz.size() - 3), [&] {
    EXPECT_EQ(readAll("-").error,
              "<stdin>: truncated gzip stream at byte " + std::to_string(gz.size() - 3));
  });
}

TEST(LineReader, RealApacheLogGzippedGivesTheSameTenThousandLines) {
  const std::string fixture = std::string(LOGMILL_TEST_DATA) + "/elastic-apache-combined-2015.log";
  const Read plain = readAll(fixture);
  ASSERT_EQ(plain.error, "");
  ASSERT_EQ(plain.lines.size(), 10000u);
  std::stringstream content;
  content << std::ifstream(fixture, std::ios::binary).rdbuf();
  EXPECT_EQ(plain.lines, splitLines(content.str()));
  TempDir dir;
  const std::string gz = dir.write("apache.log.gz", gzipText(content.str(), 9));
  for (InflaterKind kind : {InflaterKind::kIsal, InflaterKind::kZlib}) {
    const Read got = readAll(gz, {}, withInflater(kind));
    EXPECT_EQ(got.error, "");
    EXPECT_TRUE(got.gzip);
    EXPECT_EQ(got.lines, plain.lines);
    EXPECT_EQ(got.bytesOut, plain.bytesOut);
  }
}

TEST(LineReader, MovedReaderContinuesWhereItWas) {
  TempDir dir;
  LineReader first(dir.write("m.log", "1\n2\n3\n"));
  std::string_view line;
  ASSERT_TRUE(first.next(line));
  EXPECT_EQ(line, "1");
  LineReader second(std::move(first));
  ASSERT_TRUE(second.next(line));
  EXPECT_EQ(line, "2");
  ASSERT_TRUE(second.next(line));
  EXPECT_EQ(line, "3");
  EXPECT_FALSE(second.next(line));
}

TEST(Prefetcher, DeliversBlocksInOrderThenTheReadError) {
  int calls = 0;
  Prefetcher prefetcher(
      [&calls](std::span<std::uint8_t> dst) -> std::size_t {
        if (calls == 5) throw InputError("cannot read 'x' at byte 5: Input/output error");
        dst[0] = static_cast<std::uint8_t>(calls++);
        return 1;
      },
      16);
  for (int i = 0; i < 5; ++i) {
    const auto block = prefetcher.next();
    ASSERT_EQ(block.size(), 1u);
    EXPECT_EQ(block[0], i);
  }
  EXPECT_THROW((void)prefetcher.next(), InputError);
  EXPECT_THROW((void)prefetcher.next(), InputError);
}

TEST(Prefetcher, StopsCleanlyWhenDroppedEarly) {
  int reads = 0;
  {
    Prefetcher prefetcher(
        [&reads](std::span<std::uint8_t> dst) {
          ++reads;
          return dst.size();  // an endless input
        },
        1024, 3);
    EXPECT_EQ(prefetcher.next().size(), 1024u);
  }
  // It stayed within its ring: the held block plus two ahead at most.
  EXPECT_LE(reads, 4);
}

}  // namespace
}  // namespace logmill::workers
