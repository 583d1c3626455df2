#pragma once
// The map step: read one task's lines, parse, filter, aggregate into a
// Partial. Serial, thread and process pools all run exactly this.

#include <memory>
#include <string>

#include "workers/ByteRange.hpp"
#include "workers/Partial.hpp"
#include "workers/Query.hpp"

namespace logmill::workers {

class Mapper {
 public:
  /// Compiles the query (format spec, --where). Throws std::invalid_argument
  /// (ExpressionError for --where) on a bad query.
  explicit Mapper(const Query& query);
  ~Mapper();
  Mapper(Mapper&&) noexcept;
  Mapper& operator=(Mapper&&) noexcept;

  /// Maps the lines of `path` within `range` into `into`. A read error is
  /// recorded in into.errors() (lines before the damage still count); it
  /// never throws for bad input.
  void run(const std::string& path, ByteRange range, Partial& into);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
