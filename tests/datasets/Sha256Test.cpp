#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "datasets/Sha256.hpp"

namespace logmill::datasets {
namespace {

TEST(Sha256Test, MatchesFips180Vectors) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(
      sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmno"
                "pqklmnopqrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(sha256Hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalUpdatesEqualOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>(i * 7 + 3));
  for (std::size_t piece : {1u, 3u, 55u, 63u, 64u, 65u, 200u}) {
    Sha256 sha;
    for (std::size_t at = 0; at < data.size(); at += piece) {
      sha.update(std::string_view(data).substr(at, piece));
    }
    EXPECT_EQ(toHex(sha.finish()), sha256Hex(data)) << "piece size " << piece;
  }
}

/// Runs `sha256sum` on `data` through a temporary file; empty if unavailable.
std::string sha256sum(const std::string& data) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("logmill-sha-" + std::to_string(::getpid()) + ".bin");
  std::ofstream(path, std::ios::binary) << data;
  std::string command = "sha256sum '" + path.string() + "' 2>/dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  if (pipe != nullptr) {
    std::array<char, 128> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
    ::pclose(pipe);
  }
  std::filesystem::remove(path);
  return out.size() >= 64 ? out.substr(0, 64) : std::string{};
}

TEST(Sha256Test, AgreesWithSha256sumAroundBlockBoundaries) {
  if (sha256sum("x").empty()) GTEST_SKIP() << "sha256sum not available";
  std::string data;
  for (std::size_t length : {0u, 1u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 1000u}) {
    data.clear();
    for (std::size_t i = 0; i < length; ++i) data.push_back(static_cast<char>('a' + i % 26));
    EXPECT_EQ(sha256Hex(data), sha256sum(data)) << "length " << length;
  }
  // Bytes above 0x7f must hash as unsigned.
  const std::string binary = "\xff\x80\x00\x7f\xfe";
  EXPECT_EQ(sha256Hex(std::string_view(binary.data(), 5)),
            sha256sum(std::string(binary.data(), 5)));
}

}  // namespace
}  // namespace logmill::datasets
