#pragma once
// Helpers shared by the libFuzzer targets: split the fuzzer's bytes into the
// pieces a target needs, without ever reading past the input.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace logmill::fuzz {

/// The fuzzer's input as text, consumed from the front.
class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : m_rest(reinterpret_cast<const char*>(data), size) {}

  /// One byte (0 when the input is used up).
  std::uint8_t byte() {
    if (m_rest.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(m_rest.front());
    m_rest.remove_prefix(1);
    return b;
  }
  /// Everything up to the next '\n' (dropped), or the rest.
  std::string_view line() {
    const std::size_t nl = m_rest.find('\n');
    const std::string_view out = m_rest.substr(0, nl);
    m_rest.remove_prefix(nl == std::string_view::npos ? m_rest.size() : nl + 1);
    return out;
  }
  [[nodiscard]] std::string_view rest() const { return m_rest; }
  [[nodiscard]] bool empty() const { return m_rest.empty(); }

 private:
  std::string_view m_rest;
};

/// Aborts (a crash libFuzzer reports) when an invariant does not hold.
#define LOGMILL_FUZZ_CHECK(cond)                                                      \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      __builtin_printf("fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)

}  // namespace logmill::fuzz
