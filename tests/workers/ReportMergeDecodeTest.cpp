// mergeDecode (`report --store` merging stored days) must give what
// merge(decode(...)) gives, for every input decode accepts, and fail with
// decode's message on every input it rejects.

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "tests/workers/reportTesting.hpp"
#include "workers/base/ByteCodec.hpp"
#include "workers/map/Partial.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/report/ReportAggregate.hpp"
#include "workers/report/visitorMemory.hpp"

namespace logmill::workers {
namespace {

using testing::aggregate;
using testing::encoded;
using testing::encodeRowsAndDays;
using testing::fixtureLines;

ReportAggregate decoded(std::string_view bytes) {
  ByteReader r(bytes, "report");
  ReportAggregate a = ReportAggregate::decode(r);
  r.finish();
  return a;
}

void mergeDecoded(ReportAggregate& into, std::string_view bytes) {
  ByteReader r(bytes, "report");
  into.mergeDecode(r);
  r.finish();
}

/// decode's error message for `bytes`, or "" if it reads them.
template <typename Read>
std::string errorOf(Read read) {
  try {
    read();
  } catch (const DecodeError& e) {
    return e.what();
  }
  return "";
}

TEST(ReportMergeDecode, EqualsMergingTheDecodedAggregate) {
  const std::vector<std::string> lines = fixtureLines();
  ASSERT_EQ(lines.size(), 10000u);
  // Pieces of every kind of row: few visitors (sorted lists), many (large
  // sets), estimated (registers, under a small budget), one line, no line.
  struct Piece {
    std::size_t begin, end;
    std::optional<std::uint64_t> budget;
  };
  const std::vector<Piece> pieces = {{0, 3000, {}},           {3000, 3001, {}}, {3001, 3001, {}},
                                     {3001, 6000, 2000 * 16}, {6000, 6300, {}}, {6300, 10000, {}},
                                     {2000, 2500, 300 * 16}};
  std::vector<std::string> days;
  for (const Piece& p : pieces) days.push_back(encoded(aggregate(lines, p.begin, p.end, p.budget)));
  ASSERT_NE(decoded(days[3]).estimatedVisitorRows(), 0u);  // registers are merged too
  // Forward and backward: a registers row merges into exact ones and back.
  for (const bool forward : {true, false}) {
    ReportAggregate merged, mergeDecodedDays;
    for (std::size_t i = 0; i < days.size(); ++i) {
      const std::string& day = days[forward ? i : days.size() - 1 - i];
      merged.merge(decoded(day));
      mergeDecoded(mergeDecodedDays, day);
      ASSERT_TRUE(mergeDecodedDays == merged) << "after day " << i;
    }
    EXPECT_EQ(encoded(mergeDecodedDays), encoded(merged));
    EXPECT_EQ(mergeDecodedDays.exactVisitorEntries(), merged.exactVisitorEntries());
  }
}

TEST(ReportMergeDecode, RejectsEveryTruncationWithDecodesMessage) {
  const std::vector<std::string> lines = fixtureLines();
  const std::string bytes = encoded(aggregate(lines, 0, 60));
  const ReportAggregate base = aggregate(lines, 5000, 5100);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::string_view cut = std::string_view(bytes).substr(0, n);
    const std::string expected = errorOf([&] { (void)decoded(cut); });
    ASSERT_NE(expected, "") << "length " << n;
    ReportAggregate into = base;
    EXPECT_EQ(errorOf([&] { mergeDecoded(into, cut); }), expected) << "length " << n;
  }
}

TEST(ReportMergeDecode, ReadsWhatEncodersNeverWriteAsDecodeDoes) {
  using Days = std::vector<std::pair<std::string, std::vector<int>>>;
  const ReportAggregate base = decoded(encoded(aggregate(fixtureLines(), 0, 300)));
  // Out of order but distinct: read, into rows and days already there.
  const std::string unordered =
      encodeRowsAndDays({"c", "a", "b"}, {{"2015-05-19", {9, 3, 5}}, {"2015-05-17", {4, 1}}});
  ReportAggregate viaDecode = base, direct = base;
  ByteReader r(unordered, "report");
  viaDecode.merge(ReportAggregate::decode(r, false));
  ByteReader r2(unordered, "report");
  direct.mergeDecode(r2, false);
  r2.finish();
  EXPECT_TRUE(direct == viaDecode);
  EXPECT_EQ(direct.days().at("2015-05-17").hits, base.days().at("2015-05-17").hits + 2);
  // Repeats, in order or not, fail as decode fails.
  for (const auto& [keys, days] : std::vector<std::pair<std::vector<std::string>, Days>>{
           {{"a", "b", "a"}, {}},
           {{"b", "a", "b"}, {}},
           {{"a", "a"}, {}},
           {{"a"}, {{"2015-05-19", {1}}, {"2015-05-19", {2}}}},
           {{"a"}, {{"2015-05-19", {1}}, {"2015-05-18", {2}}, {"2015-05-19", {3}}}},
           {{"a"}, {{"2015-05-19", {4, 7, 4}}}},
           {{"a"}, {{"2015-05-19", {7, 4, 7}}}}}) {
    const std::string bytes = encodeRowsAndDays(keys, days);
    const std::string expected = errorOf([&] {
      ByteReader bad(bytes, "report");
      (void)ReportAggregate::decode(bad, false);
    });
    ASSERT_NE(expected, "");
    ReportAggregate into = base;
    EXPECT_EQ(errorOf([&] {
                ByteReader bad(bytes, "report");
                into.mergeDecode(bad, false);
              }),
              expected);
  }
}

TEST(ReportMergeDecode, PartialMergeEncodedEqualsMergeOfDecode) {
  const std::vector<std::string> lines = fixtureLines();
  Partial a, b;
  a.report() = aggregate(lines, 0, 100);
  a.stats().lines = 100;
  a.errors().push_back({"x.log", "x.log: truncated"});
  b.report() = aggregate(lines, 100, 160);
  b.stats().lines = 60;
  b.add("group", 3);
  const std::string bytes = b.encode();
  Partial viaDecode = a, direct = a, fromEmpty;
  viaDecode.merge(Partial::decode(bytes));
  direct.mergeEncoded(bytes);
  fromEmpty.mergeEncoded(bytes);
  EXPECT_EQ(direct, viaDecode);
  EXPECT_EQ(direct.encode(), viaDecode.encode());
  EXPECT_EQ(direct.stats().lines, 160u);
  EXPECT_EQ(fromEmpty.encode(), bytes);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::string_view cut = std::string_view(bytes).substr(0, n);
    const std::string expected = errorOf([&] { (void)Partial::decode(cut); });
    ASSERT_NE(expected, "") << "length " << n;
    Partial into = a;
    EXPECT_EQ(errorOf([&] { into.mergeEncoded(cut); }), expected) << "length " << n;
  }
}

}  // namespace
}  // namespace logmill::workers
