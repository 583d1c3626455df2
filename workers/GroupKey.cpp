#include "workers/GroupKey.hpp"

#include "workers/ByteCodec.hpp"

namespace logmill::workers {

void buildGroupKey(const LogRecord& record, const std::vector<Field>& fields, std::string& out) {
  out.clear();
  if (fields.size() == 1) {
    appendFieldValue(record, fields.front(), out);
    return;
  }
  std::string value;
  for (Field f : fields) {
    value.clear();
    appendFieldValue(record, f, value);
    std::size_t n = value.size();
    while (n >= 0x80) {
      out += static_cast<char>((n & 0x7f) | 0x80);
      n >>= 7;
    }
    out += static_cast<char>(n);
    out += value;
  }
}

std::vector<std::string_view> splitGroupKey(std::string_view key, std::size_t fieldCount) {
  if (fieldCount == 1) return {key};
  std::vector<std::string_view> parts;
  ByteReader r(key, "group key");
  for (std::size_t i = 0; i < fieldCount; ++i) parts.push_back(r.bytes());
  r.finish();
  return parts;
}

}  // namespace logmill::workers
