#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "workers/input/Inflater.hpp"
#include "workers/input/InflaterStream.hpp"
#include "workers/input/InputError.hpp"

namespace logmill::workers {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// One gzip member of `text`, made with zlib; `named` adds the optional
/// header fields (name, comment, extra, header CRC).
Bytes gzipOf(const std::string& text, int level = 6, bool named = false) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  gz_header header{};
  char name[] = "access.log";
  char comment[] = "a comment";
  Bytef extra[] = {'L', 'M', 3, 0, 1, 2, 3};
  if (named) {
    header.name = reinterpret_cast<Bytef*>(name);
    header.comment = reinterpret_cast<Bytef*>(comment);
    header.extra = extra;
    header.extra_len = sizeof extra;
    header.hcrc = 1;
    EXPECT_EQ(deflateSetHeader(&z, &header), Z_OK);
  }
  Bytes out(deflateBound(&z, text.size()) + 64);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

/// Pseudo-random access-log-like text: repetitive enough to compress like
/// real logs, varied enough to use every kind of deflate code.
std::string logLikeText(std::size_t bytes, unsigned seed) {
  std::mt19937 engine(seed);
  const auto rng = [&engine] { return static_cast<unsigned>(engine()); };  // %u
  const char* methods[] = {"GET", "POST", "HEAD"};
  const char* paths[] = {"/", "/robots.txt", "/index.html", "/api/v1/items", "/img/logo.png"};
  std::string text;
  char line[512];
  while (text.size() < bytes) {
    const int n = std::snprintf(
        line, sizeof line,
        "10.%u.%u.%u - - [17/May/2015:10:%02u:%02u +0000] \"%s %s?id=%u HTTP/1.1\" %u %u \"-\" "
        "\"Mozilla/5.0 (X11; rv:%u.0)\"\n",
        rng() % 256, rng() % 256, rng() % 256, rng() % 60, rng() % 60, methods[rng() % 3],
        paths[rng() % 5], rng() % 100000, 200 + rng() % 4 * 100, rng() % 50000, rng() % 40);
    text.append(line, static_cast<std::size_t>(n));
  }
  return text;
}

/// Feeds `input` to a stream in chunks of random size (1..maxChunk).
class ChunkFeeder {
 public:
  ChunkFeeder(const Bytes& input, std::size_t maxChunk, unsigned seed)
      : m_input(input), m_maxChunk(maxChunk), m_rng(seed) {}
  std::span<const std::uint8_t> operator()() {
    const std::size_t n =
        std::min(m_input.size() - m_pos, 1 + static_cast<std::size_t>(m_rng() % m_maxChunk));
    std::span<const std::uint8_t> chunk(m_input.data() + m_pos, n);
    m_pos += n;
    return chunk;
  }

 private:
  const Bytes& m_input;
  std::size_t m_maxChunk;
  std::mt19937 m_rng;
  std::size_t m_pos = 0;
};

struct Decoded {
  std::string text;
  std::string error;  // empty if the stream ended cleanly
};

/// Decodes all of `input` through an InflaterStream, reading into an output
/// buffer of `outSize` bytes, and keeps whatever came before an error.
Decoded decode(InflaterKind kind, const Bytes& input, std::size_t maxChunk = 64 << 10,
               std::size_t outSize = 100000, unsigned seed = 1) {
  ChunkFeeder feeder(input, maxChunk, seed);
  InflaterStream stream(
      makeInflater(kind), [&feeder] { return feeder(); }, "t.gz");
  Decoded result;
  std::vector<std::uint8_t> out(outSize);
  try {
    while (const std::size_t n = stream.read(out)) {
      result.text.append(reinterpret_cast<const char*>(out.data()), n);
    }
  } catch (const InputError& e) {
    result.error = e.what();
  }
  return result;
}

std::vector<InflaterKind> kinds() {
  std::vector<InflaterKind> all{InflaterKind::kZlib};
  if (haveIsal()) all.push_back(InflaterKind::kIsal);
  return all;
}

class InflaterTest : public ::testing::TestWithParam<InflaterKind> {};

TEST(InflaterFactory, DefaultIsIsalWhenBuiltWithIt) {
  EXPECT_STREQ(makeInflater(InflaterKind::kZlib)->name(), "zlib");
  EXPECT_STREQ(makeInflater()->name(), haveIsal() ? "isa-l" : "zlib");
#ifdef LOGMILL_HAVE_ISAL
  EXPECT_TRUE(haveIsal());
#endif
}

TEST_P(InflaterTest, RoundTripsLogTextAtEveryLevelInRandomChunks) {
  const std::string text = logLikeText(3 << 20, 7);
  for (int level : {1, 6, 9}) {
    const Decoded got = decode(GetParam(), gzipOf(text, level), 200000, 1 << 20, level);
    EXPECT_EQ(got.error, "") << "level " << level;
    EXPECT_TRUE(got.text == text) << "level " << level;
  }
}

TEST_P(InflaterTest, AcceptsOneByteInputsAndOptionalHeaderFields) {
  const std::string text = logLikeText(20000, 3);
  const Decoded got = decode(GetParam(), gzipOf(text, 6, true), 1, 777);
  EXPECT_EQ(got.error, "");
  EXPECT_TRUE(got.text == text);
}

TEST_P(InflaterTest, StopsRightAfterTheMemberTrailer) {
  const Bytes first = gzipOf(logLikeText(50000, 1));
  const Bytes both = first + gzipOf("second\n");
  auto inflater = makeInflater(GetParam());
  std::vector<std::uint8_t> out(1 << 20);
  std::size_t consumed = 0;
  InflateStep step;
  do {
    step = inflater->inflate(std::span(both).subspan(consumed), out);
    consumed += step.consumed;
  } while (step.status == InflateStep::Status::kProgress && step.consumed > 0);
  ASSERT_EQ(step.status, InflateStep::Status::kMemberEnd);
  EXPECT_EQ(consumed, first.size());
}

TEST_P(InflaterTest, DamagedHeaderCrcIsAnError) {
  Bytes input = gzipOf("text\n", 6, true);
  input[20] ^= 0x20;  // a letter of the file name, covered by the header CRC
  for (std::size_t maxChunk : {1, 1 << 16}) {
    const Decoded got = decode(GetParam(), input, maxChunk);
    EXPECT_EQ(got.text, "");
    EXPECT_NE(got.error.find("(header crc mismatch)"), std::string::npos) << got.error;
  }
}

TEST_P(InflaterTest, DecodesConcatenatedMembersIncludingEmptyOnes) {
  const Bytes input = gzipOf("par") + gzipOf("") + gzipOf("tial\n", 1) + gzipOf("x", 9, true);
  for (std::size_t maxChunk : {1, 3, 17, 1 << 16}) {
    const Decoded got = decode(GetParam(), input, maxChunk, 2);
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.text, "partial\nx") << "chunks up to " << maxChunk;
  }
}

TEST_P(InflaterTest, EmptyInputAndEmptyMemberGiveNoText) {
  EXPECT_EQ(decode(GetParam(), {}).text, "");
  EXPECT_EQ(decode(GetParam(), {}).error, "");
  const Decoded empty = decode(GetParam(), gzipOf(""));
  EXPECT_EQ(empty.text, "");
  EXPECT_EQ(empty.error, "");
}

TEST_P(InflaterTest, ZeroPaddingAfterLastMemberIsAccepted) {
  const Decoded got = decode(GetParam(), gzipOf("a\n") + Bytes(5000, 0), 100);
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.text, "a\n");
}

TEST_P(InflaterTest, TrailingGarbageIsAnErrorAtItsOffset) {
  const Bytes member = gzipOf("a\nb\n");
  const Decoded got = decode(GetParam(), member + Bytes{'j', 'u', 'n', 'k'});
  EXPECT_EQ(got.text, "a\nb\n");
  EXPECT_EQ(got.error, "t.gz: corrupt gzip data at byte " + std::to_string(member.size()) +
                           " (trailing garbage after gzip member)");
  const Decoded afterPadding = decode(GetParam(), member + Bytes{0, 0, 7});
  EXPECT_EQ(afterPadding.error, "t.gz: corrupt gzip data at byte " +
                                    std::to_string(member.size() + 2) +
                                    " (trailing garbage after gzip member)");
}

TEST_P(InflaterTest, InvalidBlockTypeIsCorruptWithDetail) {
  Bytes input = gzipOf(logLikeText(10000, 2));
  input[10] |= 0x06;  // first block header: BTYPE 11 is reserved
  const Decoded got = decode(GetParam(), input);
  EXPECT_EQ(got.text, "");
  EXPECT_EQ(got.error.rfind("t.gz: corrupt gzip data at byte ", 0), 0u) << got.error;
  EXPECT_NE(got.error.find("block"), std::string::npos) << got.error;
}

TEST_P(InflaterTest, CrcMismatchIsReportedAfterTheText) {
  const std::string text = logLikeText(100000, 4);
  Bytes input = gzipOf(text);
  input[input.size() - 8] ^= 0x01;  // CRC-32 in the trailer
  const Decoded got = decode(GetParam(), input, 4096, 1 << 20);
  EXPECT_TRUE(got.text == text);
  EXPECT_NE(got.error.find("corrupt gzip data at byte"), std::string::npos) << got.error;
  EXPECT_NE(got.error.find("(incorrect data check)"), std::string::npos) << got.error;
}

TEST_P(InflaterTest, LengthMismatchIsAnError) {
  Bytes input = gzipOf("some text\n");
  input[input.size() - 4] ^= 0x01;  // ISIZE in the trailer
  const Decoded got = decode(GetParam(), input);
  EXPECT_NE(got.error.find("corrupt gzip data at byte"), std::string::npos) << got.error;
  EXPECT_NE(got.error.find("incorrect"), std::string::npos) << got.error;
}

TEST_P(InflaterTest, TruncationReportsTheInputSizeAfterTheTextBeforeIt) {
  const std::string text = logLikeText(400000, 5);
  const Bytes whole = gzipOf(text);
  for (std::size_t cut :
       {std::size_t{1}, std::size_t{5}, whole.size() / 2, whole.size() - 4, whole.size() - 1}) {
    const Bytes input(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut));
    const Decoded got = decode(GetParam(), input);
    EXPECT_EQ(got.error, "t.gz: truncated gzip stream at byte " + std::to_string(cut));
    EXPECT_TRUE(text.starts_with(got.text)) << "cut at " << cut;
    if (cut == whole.size() / 2) {
      EXPECT_GT(got.text.size(), text.size() / 3);
    }
    if (cut >= whole.size() - 4) {
      EXPECT_TRUE(got.text == text) << "only the trailer is missing";
    }
  }
}

TEST_P(InflaterTest, FlippedBitsNeverCrashOrGoUnnoticedInTheText) {
  const std::string text = logLikeText(30000, 6);
  const Bytes clean = gzipOf(text);
  int detected = 0;
  int flips = 0;
  for (std::size_t at = 10; at < clean.size(); at += 7) {
    Bytes input = clean;
    input[at] ^= static_cast<std::uint8_t>(1u << (at % 8));
    const Decoded got = decode(GetParam(), input, 1000);
    ++flips;
    if (!got.error.empty()) {
      ++detected;
      // A flip can also make the stream look longer than it is (truncated).
      EXPECT_TRUE(got.error.starts_with("t.gz: corrupt gzip data at byte ") ||
                  got.error.starts_with("t.gz: truncated gzip stream at byte "))
          << got.error;
    } else {
      // Only bits the format ignores (padding) may change without an error.
      EXPECT_TRUE(got.text == text) << "undetected change at byte " << at;
    }
  }
  EXPECT_GT(detected, flips * 9 / 10);
}

INSTANTIATE_TEST_SUITE_P(Backends, InflaterTest, ::testing::ValuesIn(kinds()),
                         [](const auto& info) {
                           return std::string(info.param == InflaterKind::kZlib ? "Zlib" : "Isal");
                         });

TEST(InflaterBackends, IsalAndZlibProduceIdenticalText) {
  if (!haveIsal()) GTEST_SKIP() << "built without ISA-L";
  const std::string a = logLikeText(2 << 20, 11);
  const std::string b = logLikeText(1 << 20, 12);
  const Bytes input = gzipOf(a, 1) + gzipOf(b, 9) + gzipOf("tail without newline");
  const Decoded isal = decode(InflaterKind::kIsal, input, 300000, 65536, 1);
  const Decoded zlib = decode(InflaterKind::kZlib, input, 4096, 1 << 20, 2);
  EXPECT_EQ(isal.error, "");
  EXPECT_EQ(zlib.error, "");
  EXPECT_TRUE(isal.text == zlib.text);
  EXPECT_TRUE(isal.text == a + b + "tail without newline");
}

}  // namespace
}  // namespace logmill::workers
