#pragma once
// SHA-256 through OpenSSL's libcrypto (EVP digests): the answer key's robots
// host-list digest, as `sha256sum` prints it.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace logmill::datasets {

/// Incremental SHA-256: update() any number of times, then finish() once.
class Sha256 {
 public:
  /// Throws std::runtime_error if libcrypto cannot set up a digest.
  Sha256();
  void update(std::string_view bytes);
  /// The 32-byte digest; the object must not be updated afterwards.
  [[nodiscard]] std::array<std::uint8_t, 32> finish();

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* context) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> m_context;
};

/// Lowercase hex SHA-256 of `bytes`, as `sha256sum` prints it.
[[nodiscard]] std::string sha256Hex(std::string_view bytes);

/// Lowercase hex of a digest.
[[nodiscard]] std::string toHex(const std::array<std::uint8_t, 32>& digest);

}  // namespace logmill::datasets
