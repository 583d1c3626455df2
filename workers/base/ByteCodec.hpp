#pragma once
// Little helpers for the versioned byte encodings of Query and Partial:
// LEB128 varints and length-prefixed strings, with every read bounds-checked
// because the bytes may come from another process or machine.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace logmill::workers {

class ByteWriter {
 public:
  void varint(std::uint64_t value) {
    char* out = room(kMaxVarint);
    std::size_t n = 0;
    while (value >= 0x80) {
      out[n++] = static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    out[n++] = static_cast<char>(value);
    m_size += n;
  }
  /// A signed number, zig-zag coded so small negatives stay short.
  void signedVarint(std::int64_t value) {
    varint((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
  }
  void bytes(std::string_view s) {
    varint(s.size());
    raw(s);
  }
  void raw(std::string_view s) {
    if (s.empty()) return;  // a null view: memcpy from null is undefined even for 0 bytes
    std::memcpy(room(s.size()), s.data(), s.size());
    m_size += s.size();
  }
  /// Room for `n` bytes before the buffer must grow.
  void reserve(std::size_t n) { m_out.reserve(n); }
  [[nodiscard]] std::string take() {
    m_out.resize(m_size);
    m_size = 0;
    return std::move(m_out);
  }

 private:
  static constexpr std::size_t kMaxVarint = 10;
  // The buffer is sized ahead of what is written (m_size) by at most this
  // much past what was asked, so a number or key is written through a
  // pointer, not appended byte by byte; the zeroing of a step touches no
  // page that a reserve() left untouched beyond it.
  static constexpr std::size_t kGrowStep = std::size_t{64} << 10;

  /// A pointer to at least `n` writable bytes at the end of what is written.
  char* room(std::size_t n) {
    if (m_out.size() - m_size < n) grow(n);
    return m_out.data() + m_size;
  }
  void grow(std::size_t n) {
    // Within capacity, resize only zeroes; past it, std::string doubles.
    m_out.resize(std::max(m_size + n, std::min(m_out.capacity(), m_out.size() + kGrowStep)));
  }

  std::string m_out;  // m_size bytes written, the rest room for more
  std::size_t m_size = 0;
};

/// Thrown for any malformed encoding; `what` says which part was wrong.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What one entry of a hash map costs beyond its key and value: the node
/// or slot, the bucket, the allocator's header. Decoders charge it per entry.
inline constexpr std::uint64_t kMapEntryBytes = 64;

class ByteReader {
 public:
  /// Memory a decoder may build per encoded byte, plus a fixed allowance:
  /// hash-map entries and per-slot states cost more than their encoding,
  /// but a hostile encoding must not turn 10 MB into a gigabyte.
  static constexpr std::uint64_t kMemoryPerByte = 16;
  static constexpr std::uint64_t kMemorySlack = std::uint64_t{1} << 20;

  ByteReader(std::string_view in, const char* what)
      : m_in(in), m_what(what), m_memoryLimit(in.size() * kMemoryPerByte + kMemorySlack) {}

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (m_pos >= m_in.size()) fail("truncated number");
      const auto byte = static_cast<unsigned char>(m_in[m_pos++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
    fail("number too long");
  }
  /// A number written by ByteWriter::signedVarint.
  std::int64_t signedVarint() {
    const std::uint64_t v = varint();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  std::string_view bytes() {
    const std::uint64_t n = varint();
    if (n > remaining()) fail("length exceeds the message");
    const std::string_view s = m_in.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  void expect(std::string_view magic) {
    if (m_in.substr(m_pos, magic.size()) != magic) fail("bad magic (not a logmill encoding)");
    m_pos += magic.size();
  }
  /// Checks a declared element count against the bytes left (each element
  /// takes at least `minBytes`), so a hostile count cannot drive allocation.
  std::uint64_t count(std::uint64_t minBytes) {
    const std::uint64_t n = varint();
    if (minBytes > 0 && n > remaining() / minBytes) fail("element count exceeds the message");
    return n;
  }
  /// Raw bytes (no length prefix): `n` of them, or fail.
  std::string_view raw(std::size_t n) {
    if (n > remaining()) fail("truncated");
    const std::string_view s = m_in.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  /// Accounts for `bytes` of memory about to be built from the input; fails
  /// before the total passes kMemoryPerByte times the input (plus the slack).
  void charge(std::uint64_t bytes) {
    if (bytes > m_memoryLimit - m_charged) fail("decoded size out of proportion to the encoding");
    m_charged += bytes;
  }
  /// The memory charged so far.
  [[nodiscard]] std::uint64_t charged() const { return m_charged; }
  [[nodiscard]] std::size_t remaining() const { return m_in.size() - m_pos; }
  void finish() {
    if (remaining() != 0) fail("trailing bytes");
  }
  [[noreturn]] void fail(const char* why) const {
    throw DecodeError(std::string("corrupt ") + m_what + ": " + why + " at byte " +
                      std::to_string(m_pos));
  }

 private:
  std::string_view m_in;
  std::size_t m_pos = 0;
  const char* m_what;
  std::uint64_t m_memoryLimit;
  std::uint64_t m_charged = 0;
};

}  // namespace logmill::workers
