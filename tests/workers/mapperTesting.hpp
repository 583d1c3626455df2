#pragma once
// Test helpers for the map (Mapper over files and byte ranges).

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "workers/map/Mapper.hpp"

namespace logmill::workers::testing {

/// Checks that `mapper` over [0, cut) merged with [cut, end) gives the groups
/// and line count of the whole file `path` (of `size` bytes), at every cut.
inline void expectEveryCutAddsUp(Mapper& mapper, const std::string& path, std::uint64_t size) {
  Partial whole;
  mapper.run(path, {}, whole);
  for (std::uint64_t cut = 0; cut <= size; ++cut) {
    Partial left, right;
    mapper.run(path, {0, cut}, left);
    mapper.run(path, {cut, ByteRange{}.end}, right);
    left.merge(std::move(right));
    EXPECT_EQ(left.groups(), whole.groups()) << "cut at " << cut;
    EXPECT_EQ(left.stats().lines, whole.stats().lines) << "cut at " << cut;
    EXPECT_EQ(left.errors().size(), whole.errors().size()) << "cut at " << cut;
  }
}

}  // namespace logmill::workers::testing
