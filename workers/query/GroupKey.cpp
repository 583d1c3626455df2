#include "workers/query/GroupKey.hpp"

#include <stdexcept>

namespace logmill::workers {
namespace {
constexpr std::size_t kLengthBytes = 4;  // fixed-width prefix: written after the value, no temp
}

void buildGroupKey(const LogRecord& record, const std::vector<Field>& fields, std::string& out) {
  out.clear();
  if (fields.size() == 1) {
    appendFieldValue(record, fields.front(), out);
    return;
  }
  for (Field f : fields) {
    const std::size_t at = out.size();
    out.append(kLengthBytes, '\0');
    appendFieldValue(record, f, out);
    auto n = static_cast<std::uint32_t>(out.size() - at - kLengthBytes);
    for (std::size_t i = 0; i < kLengthBytes; ++i, n >>= 8) out[at + i] = static_cast<char>(n & 0xff);
  }
}

std::vector<std::string_view> splitGroupKey(std::string_view key, std::size_t fieldCount) {
  if (fieldCount == 1) return {key};
  std::vector<std::string_view> parts;
  for (std::size_t i = 0; i < fieldCount; ++i) {
    if (key.size() < kLengthBytes) throw std::runtime_error("corrupt group key: truncated length");
    std::uint32_t n = 0;
    for (std::size_t b = kLengthBytes; b-- > 0;) n = (n << 8) | static_cast<unsigned char>(key[b]);
    key.remove_prefix(kLengthBytes);
    if (n > key.size()) throw std::runtime_error("corrupt group key: length exceeds the key");
    parts.push_back(key.substr(0, n));
    key.remove_prefix(n);
  }
  if (!key.empty()) throw std::runtime_error("corrupt group key: trailing bytes");
  return parts;
}

}  // namespace logmill::workers
