#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "workers/input/InputError.hpp"
#include "workers/input/RangeCrcCheck.hpp"

namespace logmill::workers {
namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::uint32_t crcOf(const std::string& s, std::uint32_t crc = 0) {
  return static_cast<std::uint32_t>(
      crc32(crc, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

GzipCheckpoint checkpoint(std::uint64_t text, std::uint32_t crc, std::uint64_t bit) {
  GzipCheckpoint c;
  c.textOffset = text;
  c.memberCrc = crc;
  c.compressedBit = bit;
  c.windowBytes = 1;  // not a member start
  return c;
}

const std::string kBefore = "aaaa\n", kRange = "bbbb\ncccc\n", kAfter = "dddd\n";

TEST(RangeCrcCheck, TextMatchingTheNextCheckpointsCrcPassesInAnyPieces) {
  const auto from = checkpoint(5, crcOf(kBefore), 100);
  const auto to = checkpoint(15, crcOf(kRange, crcOf(kBefore)), 900);
  RangeCrcCheck check(from, to, "f.gz");
  EXPECT_NO_THROW(check.onText(bytes("bbbb\nc")));
  EXPECT_NO_THROW(check.onText(bytes("ccc\n" + kAfter)));  // past the checkpoint: not counted
}

TEST(RangeCrcCheck, DamagedTextIsCorruptGzipDataAtTheCheckpointsByte) {
  const auto from = checkpoint(5, crcOf(kBefore), 100);
  const auto to = checkpoint(15, crcOf(kRange, crcOf(kBefore)), 900);
  RangeCrcCheck check(from, to, "f.gz");
  try {
    check.onText(bytes("bbbb\ncccX\n"));
    FAIL() << "damage passed";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "f.gz: corrupt gzip data at byte 112 (incorrect data check)");
  }
}

TEST(RangeCrcCheck, ANewMemberStartsItsCrcAfresh) {
  const auto from = checkpoint(5, crcOf(kBefore), 100);
  auto to = checkpoint(20, crcOf("dd"), 900);  // 2 bytes into a member starting at text 18
  to.memberTextStart = 18;
  RangeCrcCheck check(from, to, "f.gz");
  check.onText(bytes("bbbb\ncccc\nxyz"));  // the first member's text (its trailer checks it)
  check.onMemberStart(500, 18);
  EXPECT_NO_THROW(check.onText(bytes("dddd\n")));
}

}  // namespace
}  // namespace logmill::workers
