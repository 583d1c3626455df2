#pragma once
// SHA-256 (FIPS 180-4), written here so the datasets library needs nothing
// beyond std and zlib. Used for the answer key's robots host-list digest.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace logmill::datasets {

/// Incremental SHA-256: update() any number of times, then finish() once.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  /// The 32-byte digest; the object must not be updated afterwards.
  [[nodiscard]] std::array<std::uint8_t, 32> finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> m_hash;
  std::array<std::uint8_t, 64> m_block{};
  std::size_t m_blockUsed = 0;
  std::uint64_t m_totalBytes = 0;
};

/// Lowercase hex SHA-256 of `bytes`, as `sha256sum` prints it.
[[nodiscard]] std::string sha256Hex(std::string_view bytes);

/// Lowercase hex of a digest.
[[nodiscard]] std::string toHex(const std::array<std::uint8_t, 32>& digest);

}  // namespace logmill::datasets
