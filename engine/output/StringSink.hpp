#pragma once
// A sink that keeps what is written to it in memory.

#include <string>
#include <string_view>

namespace logmill::engine {

/// Appends what a row writer writes: the OutputSink calls, into memory.
class StringSink {
 public:
  void write(std::string_view s) { m_text.append(s); }
  void put(char c) { m_text += c; }
  /// The bytes written.
  [[nodiscard]] std::string take() { return std::move(m_text); }

 private:
  std::string m_text;
};

}  // namespace logmill::engine
