#include "datasets/Sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace logmill::datasets {

void Sha256::FreeContext::operator()(evp_md_ctx_st* context) const noexcept {
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : m_context(EVP_MD_CTX_new()) {
  if (!m_context || EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("cannot set up a SHA-256 digest (libcrypto)");
  }
}

void Sha256::update(std::string_view bytes) {
  if (EVP_DigestUpdate(m_context.get(), bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("SHA-256 update failed (libcrypto)");
  }
}

std::array<std::uint8_t, 32> Sha256::finish() {
  std::array<std::uint8_t, 32> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(m_context.get(), digest.data(), &length) != 1 || length != digest.size()) {
    throw std::runtime_error("SHA-256 finish failed (libcrypto)");
  }
  return digest;
}

std::string sha256Hex(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes);
  return toHex(sha.finish());
}

std::string toHex(const std::array<std::uint8_t, 32>& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (std::uint8_t b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

}  // namespace logmill::datasets
