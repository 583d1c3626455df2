#pragma once
// Counts merged from partials written elsewhere: a sum past 2^64-1 can only
// come from a corrupt or hostile partial, and must never wrap silently
// ((2^64-1) + 3993 would print as 3992).

#include <cstdint>
#include <stdexcept>

namespace logmill::workers {

/// A merged count that does not fit in 64 bits.
class CountOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

/// into += n; throws CountOverflow (leaving `into` as it was) on overflow.
inline void addCount(std::uint64_t& into, std::uint64_t n) {
  std::uint64_t sum;
  if (__builtin_add_overflow(into, n, &sum)) throw CountOverflow("a count passes 2^64-1");
  into = sum;
}

}  // namespace logmill::workers
