#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "workers/input/gzipMagic.hpp"

namespace logmill::workers {
namespace {

TEST(GzipMagic, RecognisesTheTwoBytesOnly) {
  EXPECT_TRUE(hasGzipMagic(std::array<std::uint8_t, 2>{0x1f, 0x8b}));
  EXPECT_TRUE(hasGzipMagic(std::array<std::uint8_t, 3>{0x1f, 0x8b, 0x08}));
  EXPECT_FALSE(hasGzipMagic(std::array<std::uint8_t, 2>{0x8b, 0x1f}));
  EXPECT_FALSE(hasGzipMagic(std::array<std::uint8_t, 1>{0x1f}));
  EXPECT_FALSE(hasGzipMagic({}));
}

TEST(GzipMagic, ReadsAFilesFirstBytesNotItsName) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("logmill-gzipmagic-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return (dir / name).string();
  };
  EXPECT_TRUE(fileHasGzipMagic(write("plain-name.log", std::string("\x1f\x8b\x08", 3))));
  EXPECT_FALSE(fileHasGzipMagic(write("text.gz", "127.0.0.1 - - [...]")));
  EXPECT_FALSE(fileHasGzipMagic(write("one-byte.gz", "\x1f")));
  EXPECT_FALSE(fileHasGzipMagic((dir / "missing.gz").string()));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace logmill::workers
