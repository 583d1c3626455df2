#pragma once
// Which LogRecord members a caller is going to read, so the parser can skip
// the work behind the others (splitting the request, stripping a port).
// Whether a line is valid never depends on the mask.

#include <cstdint>
#include <vector>

#include "workers/parse/Field.hpp"

namespace logmill::workers {

class FieldMask {
 public:
  /// One bit per LogRecord member.
  enum Part : std::uint16_t {
    kVhost = 1 << 0,
    kHost = 1 << 1,
    kIdent = 1 << 2,
    kUser = 1 << 3,
    kTimeText = 1 << 4,
    kRequest = 1 << 5,
    kMethod = 1 << 6,
    kPath = 1 << 7,
    kProtocol = 1 << 8,
    kReferrer = 1 << 9,
    kAgent = 1 << 10,
    kStatus = 1 << 11,
    kBytes = 1 << 12,
    kDuration = 1 << 13,
    /// The format's own fields (LogRecord::extras): LineParser asks for
    /// them when a query reads a named field.
    kExtras = 1 << 14,
  };

  constexpr FieldMask() = default;
  constexpr FieldMask(std::uint16_t bits) : m_bits(bits) {}  // NOLINT: `kHost | kPath` reads well

  /// Every member: what a parse without a mask fills.
  [[nodiscard]] static constexpr FieldMask all() { return FieldMask(0x7fff); }

  [[nodiscard]] constexpr bool has(std::uint16_t parts) const { return (m_bits & parts) != 0; }
  [[nodiscard]] constexpr std::uint16_t bits() const { return m_bits; }
  constexpr FieldMask& operator|=(FieldMask other) {
    m_bits = static_cast<std::uint16_t>(m_bits | other.m_bits);
    return *this;
  }
  friend constexpr bool operator==(FieldMask, FieldMask) = default;

 private:
  std::uint16_t m_bits = 0;
};

/// The members a query field is computed from (`ext` reads path, `hour` the
/// time text, `browser` the agent...).
[[nodiscard]] FieldMask fieldMaskFor(Field field);
/// The union of fieldMaskFor over `fields`.
[[nodiscard]] FieldMask fieldMaskFor(const std::vector<Field>& fields);

}  // namespace logmill::workers
