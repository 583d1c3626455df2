#pragma once
// The map step: read one task's lines, parse, filter, aggregate into a
// Partial. Serial, thread and process pools all run exactly this.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "workers/input/ByteRange.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/map/Partial.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {

class Mapper {
 public:
  /// Compiles the query (format spec, --where). Throws std::invalid_argument
  /// (ExpressionError for --where) on a bad query.
  explicit Mapper(const Query& query);
  ~Mapper();
  Mapper(Mapper&&) noexcept;
  Mapper& operator=(Mapper&&) noexcept;

  /// Maps the lines of `path` within `range` into `into`, read with
  /// `reader` (a gzip range needs its index there). A read error is
  /// recorded in into.errors() (lines before the damage still count); it
  /// never throws for bad input.
  void run(const std::string& path, ByteRange range, Partial& into,
           const ReaderOptions& reader = {});

  /// Maps the lines of `text`, a line-aligned block of the input named
  /// `name` (a stream fan-out's), into `into`. The input itself (files,
  /// bytes read, read errors) is counted by whoever cut the block.
  void runText(const std::string& name, std::string_view text, Partial& into);

  /// Called every kProgressLines lines of a run (and after each window a
  /// prefilter passed over) with the lines seen and the
  /// input bytes consumed so far in that run (heartbeats, test hooks).
  using ProgressFn = std::function<void(std::uint64_t lines, std::uint64_t bytesIn)>;
  static constexpr std::uint64_t kProgressLines = 1 << 14;
  void onProgress(ProgressFn fn);

  /// Called with every line that passes the query (grep), without its
  /// line terminator, in input order.
  using LineFn = std::function<void(std::string_view line)>;
  void onMatch(LineFn fn);

 private:
  [[nodiscard]] LineParser makeParser() const;
  /// `headed`: the parser has read the file's leading directives already.
  void mapReader(LineReader& reader, LineParser& parser, Partial& into, bool headed);
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
