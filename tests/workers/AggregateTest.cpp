#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <set>

#include "workers/map/Partial.hpp"
#include "workers/query/AggregateMapper.hpp"
#include "workers/query/AggregatePlan.hpp"
#include "workers/query/Query.hpp"

namespace logmill::workers {
namespace {

// ---- parsing -------------------------------------------------------------

TEST(AggregateSpec, ParsesTheListAndNamesColumnsAsWritten) {
  const std::string list =
      "count,sum(bytes),avg(bytes),min(host),max(time),distinct(host),p50(bytes),"
      "p90(time),p95(status),p99(hour),p7(bytes)";
  const auto specs = parseAggregates(list);
  ASSERT_EQ(specs.size(), 11u);
  std::string names;
  for (const auto& s : specs) names += (names.empty() ? "" : ",") + aggregateName(s);
  EXPECT_EQ(names, list);
  EXPECT_EQ(specs[6].kind, AggregateKind::Percentile);
  EXPECT_EQ(specs[6].percentile, 50);
  EXPECT_EQ(specs[3].field, Field::Host);
}

TEST(AggregateSpec, UsageErrorsNameTheProblem) {
  const auto message = [](std::string_view list) {
    try {
      (void)parseAggregates(list);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("sum(host)"),
            "bad aggregate 'sum(host)': 'host' is not numeric (sum, avg and pNN take status, "
            "bytes, hour or time)");
  EXPECT_NE(message("p95(agent)").find("'agent' is not numeric"), std::string::npos);
  EXPECT_NE(message("avg(path)").find("'path' is not numeric"), std::string::npos);
  EXPECT_NE(message("sum(time)").find("sum of instants"), std::string::npos);
  EXPECT_NE(message("sum(nope)").find("unknown field 'nope'"), std::string::npos);
  EXPECT_NE(message("median(bytes)").find("bad aggregate 'median(bytes)'"), std::string::npos);
  for (const char* bad : {"p0(bytes)", "p100(bytes)", "p05(bytes)", "count,", "sum(bytes", "sum"}) {
    EXPECT_NE(message(bad), "no error") << bad;
  }
  EXPECT_EQ(message("min(host),max(path),distinct(agent)"), "no error");
  // Library terms only: the CLI adds the flag name.
  for (const char* bad : {"sum(host)", "count,", "median(bytes)", "p0(bytes)"}) {
    EXPECT_EQ(message(bad).find("--"), std::string::npos) << message(bad);
    EXPECT_THROW((void)parseAggregates(bad), AggregateError) << bad;
  }
  EXPECT_EQ(message("count,,max(bytes)"), "empty item in aggregate list 'count,,max(bytes)'");
}

TEST(AggregateSpec, ParsesBucketWidths) {
  EXPECT_EQ(parseBucket("30s"), 30u);
  EXPECT_EQ(parseBucket("5m"), 300u);
  EXPECT_EQ(parseBucket("1h"), 3600u);
  EXPECT_EQ(parseBucket("1d"), 86400u);
  EXPECT_EQ(parseBucket("366d"), kMaxBucketSeconds);
  for (const char* bad :
       {"", "5", "m", "0m", "-5m", "5x", "1.5h", "367d", "99999999999999999999s"}) {
    EXPECT_THROW((void)parseBucket(bad), std::invalid_argument) << bad;
  }
}

TEST(AggregateSpec, FormatsUtcInstants) {
  std::string s;
  appendUtcIso(1431857100, s);
  EXPECT_EQ(s, "2015-05-17T10:05:00Z");
  s.clear();
  appendUtcIso(-1, s);
  EXPECT_EQ(s, "1969-12-31T23:59:59Z");
}

TEST(AggregateSpec, QueryEncodingCarriesAggregatesAndRejectsBadOnes) {
  Query q;
  q.command = Command::Top;
  q.by = {Field::Host};
  q.aggregates = parseAggregates("p95(bytes),count,distinct(path)");
  q.bucketSeconds = 300;
  q.approxDistinct = true;
  EXPECT_EQ(Query::decode(q.encode()), q);
  EXPECT_TRUE(usesAggregates(q));
  Query plain;
  plain.command = Command::Count;
  plain.aggregates = parseAggregates("count");
  EXPECT_FALSE(usesAggregates(plain));  // the fast path
  Query bad = plain;
  bad.aggregates = {{AggregateKind::Sum, Field::Host, 0}};
  EXPECT_THROW((void)Query::decode(bad.encode()), DecodeError);
}

// ---- the map step and merge ----------------------------------------------

/// Text storage for synthetic records (a LogRecord only views its line).
struct Line {
  std::string host, method, path, time;
  int status;
  std::int64_t bytes;
};

std::vector<Line> randomLines(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const char* offsets[] = {"+0000", "+0200", "-0700"};
  std::vector<Line> lines;
  for (std::size_t i = 0; i < n; ++i) {
    Line l;
    l.host = "10.0." + std::to_string(rng() % 4) + "." + std::to_string(rng() % 60);
    l.method = rng() % 5 ? "GET" : "POST";
    l.path = "/p/" + std::to_string(rng() % 300);
    char t[64];
    std::snprintf(t, sizeof t, "%02d/May/2015:%02d:%02d:%02d %s", 17 + static_cast<int>(rng() % 3),
                  static_cast<int>(rng() % 24), static_cast<int>(rng() % 60),
                  static_cast<int>(rng() % 60), offsets[rng() % 3]);
    l.time = t;
    l.status = std::array{200, 200, 200, 304, 404, 500}[rng() % 6];
    l.bytes = rng() % 10 == 0 ? -1 : static_cast<std::int64_t>(rng() % (rng() % 2 ? 100000 : 3000));
    lines.push_back(std::move(l));
  }
  return lines;
}

LogRecord recordOf(const Line& l) {
  LogRecord r;
  r.host = l.host;
  r.method = l.method;
  r.path = l.path;
  r.timeText = l.time;
  r.status = l.status;
  r.bytes = l.bytes;
  r.agent = "-";
  r.referrer = "-";
  return r;
}

Query queryOf(std::vector<Field> by, std::string_view aggs, std::uint32_t bucket = 0,
              bool approx = false) {
  Query q;
  q.command = Command::Count;
  q.by = std::move(by);
  q.aggregates = parseAggregates(aggs);
  q.bucketSeconds = bucket;
  q.approxDistinct = approx;
  return q;
}

AggregateTable mapAll(const Query& q, const std::vector<Line>& lines) {
  AggregateMapper mapper(q);
  AggregateTable t;
  for (const Line& l : lines) mapper.map(recordOf(l), t);
  return t;
}

/// Every rendered value of every row, keyed by group key.
std::map<std::string, std::vector<std::string>> valuesOf(const Query& q, const AggregateTable& t) {
  const AggregatePlan plan(q);
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [key, row] : t.rows()) {
    for (std::size_t i = 0; i < plan.columns().size(); ++i)
      out[key].push_back(plan.value(row, i).toString());
  }
  return out;
}

const std::vector<Query>& groupings() {
  static const std::vector<Query> kQueries = {
      queryOf(
          {Field::Status},
          "count,sum(bytes),avg(bytes),min(bytes),max(bytes),distinct(host),p95(bytes),p50(time),"
          "min(path),max(time),avg(time),p99(hour)"),
      queryOf({Field::Host, Field::Status}, "distinct(path),p90(bytes),max(method)", 0, true),
      queryOf({Field::Method}, "count,distinct(time),min(time)", 3600),
      queryOf({}, "avg(status),p50(bytes),distinct(host)", 0, true),
      queryOf({}, "count", 300),
  };
  return kQueries;
}

TEST(AggregateTable, MergeOfAnySplitEqualsOnePass) {
  const std::vector<Line> lines = randomLines(6000, 11);
  std::mt19937_64 rng(12);
  for (const Query& q : groupings()) {
    const AggregateTable whole = mapAll(q, lines);
    for (int trial = 0; trial < 5; ++trial) {
      const std::size_t n = 1 + rng() % 7;
      std::vector<std::vector<Line>> parts(n);
      for (const Line& l : lines) parts[rng() % n].push_back(l);
      std::vector<AggregateTable> tables;
      for (const auto& part : parts) tables.push_back(mapAll(q, part));
      std::shuffle(tables.begin(), tables.end(), rng);
      AggregateTable merged;
      for (std::size_t i = 0; i < tables.size(); ++i) {
        if (i % 2) {
          merged.merge(tables[i]);
        } else {
          merged.merge(std::move(tables[i]));
        }
      }
      EXPECT_EQ(merged, whole) << aggregateName(q.aggregates[0]) << " trial " << trial;
      EXPECT_EQ(valuesOf(q, merged), valuesOf(q, whole));
    }
  }
}

/// The rows of `t` in insertion order (what the partial encodes and merges
/// see before any sort).
std::vector<std::pair<std::string, AggregateRow>> rowsInOrder(const AggregateTable& t) {
  return {t.rows().begin(), t.rows().end()};
}

TEST(AggregateTable, StagedLinesGiveMapsRowsInMapsOrder) {
  const std::vector<Query> queries = {
      queryOf({Field::Path}, "count,sum(bytes)"),
      queryOf({Field::Host, Field::Path}, "count,avg(bytes),min(status),max(bytes)"),
      queryOf({Field::Path}, "count,min(time),max(hour)", 3600),
      queryOf({Field::Status}, "count"),
      // Not all number slots, or too many of them: stage() is map().
      queryOf({Field::Path}, "count,sum(bytes),distinct(host)"),
      queryOf({Field::Path}, "sum(bytes),min(status),max(time),avg(hour),min(duration)"),
  };
  // Sizes around the ring (8 lines) and enough distinct keys (host x path)
  // that the table grows while lines wait.
  for (const std::size_t n : {0u, 1u, 7u, 8u, 9u, 17u, 6000u}) {
    const std::vector<Line> lines = randomLines(n, 31 + n);
    for (std::size_t qi = 0; qi < queries.size(); ++qi) {
      const Query& q = queries[qi];
      AggregateMapper mapper(q, 0);  // stages from the first row on
      AggregateTable staged;
      std::size_t mostPending = 0;
      for (const Line& l : lines) {
        mapper.stage(recordOf(l), staged);
        mostPending = std::max(mostPending, mapper.pending());
      }
      mapper.flush(staged);
      EXPECT_EQ(mapper.pending(), 0u);
      const AggregateTable direct = mapAll(q, lines);
      EXPECT_EQ(rowsInOrder(staged), rowsInOrder(direct))
          << "query " << qi << ", " << n << " lines";
      EXPECT_EQ(staged.slots(), direct.slots());
      if (qi < 4) {
        EXPECT_EQ(mostPending, std::min<std::size_t>(n, 8)) << "query " << qi;
      } else {
        EXPECT_EQ(mostPending, 0u) << "query " << qi;
      }
    }
  }
}

TEST(AggregateTable, AFlushedMapperStagesIntoAnotherTable) {
  const std::vector<Line> lines = randomLines(100, 41);
  const Query q = queryOf({Field::Path}, "count,sum(bytes)");
  AggregateMapper mapper(q, 0);
  AggregateTable first, second;
  for (std::size_t i = 0; i < 50; ++i) mapper.stage(recordOf(lines[i]), first);
  mapper.flush(first);
  for (std::size_t i = 50; i < lines.size(); ++i) mapper.stage(recordOf(lines[i]), second);
  mapper.flush(second);
  const std::vector<Line> head(lines.begin(), lines.begin() + 50);
  const std::vector<Line> tail(lines.begin() + 50, lines.end());
  EXPECT_EQ(rowsInOrder(first), rowsInOrder(mapAll(q, head)));
  EXPECT_EQ(rowsInOrder(second), rowsInOrder(mapAll(q, tail)));
}

TEST(AggregateTable, LinesStageOnlyOnceTheTableHasManyRows) {
  // Distinct paths: one more row a line.
  std::vector<Line> lines = randomLines(AggregateMapper::kStageFromRows + 100, 51);
  for (std::size_t i = 0; i < lines.size(); ++i) lines[i].path = "/u/" + std::to_string(i);
  const Query q = queryOf({Field::Path}, "count,sum(bytes)");
  AggregateMapper mapper(q);
  AggregateTable t;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    mapper.stage(recordOf(lines[i]), t);
    if (i < AggregateMapper::kStageFromRows) {
      ASSERT_EQ(mapper.pending(), 0u) << "line " << i;
    }
  }
  EXPECT_EQ(mapper.pending(), 8u);
  mapper.flush(t);
  EXPECT_EQ(rowsInOrder(t), rowsInOrder(mapAll(q, lines)));
}

TEST(AggregateTable, ValuesMatchANaiveComputation) {
  const std::vector<Line> lines = randomLines(3000, 21);
  const Query q = queryOf(
      {Field::Status},
      "count,sum(bytes),avg(bytes),min(bytes),max(bytes),distinct(host),p95(bytes),min(path)");
  struct Expect {
    std::uint64_t count = 0;
    std::vector<std::int64_t> bytes;
    std::set<std::string> hosts;
    std::string minPath;
  };
  std::map<std::string, Expect> expect;
  for (const Line& l : lines) {
    Expect& e = expect[std::to_string(l.status)];
    ++e.count;
    if (l.bytes >= 0) e.bytes.push_back(l.bytes);
    e.hosts.insert(l.host);
    if (e.minPath.empty() || l.path < e.minPath) e.minPath = l.path;
  }
  const auto got = valuesOf(q, mapAll(q, lines));
  ASSERT_EQ(got.size(), expect.size());
  for (auto& [status, e] : expect) {
    std::sort(e.bytes.begin(), e.bytes.end());
    std::int64_t sum = 0;
    for (std::int64_t b : e.bytes) sum += b;
    char avg[32];
    std::snprintf(avg, sizeof avg, "%.2f",
                  static_cast<double>(sum) / static_cast<double>(e.bytes.size()));
    const std::size_t rank = (95 * e.bytes.size() + 99) / 100;
    const std::vector<std::string> want = {std::to_string(e.count),
                                           std::to_string(sum),
                                           avg,
                                           std::to_string(e.bytes.front()),
                                           std::to_string(e.bytes.back()),
                                           std::to_string(e.hosts.size()),
                                           std::to_string(e.bytes[rank - 1]),
                                           e.minPath};
    EXPECT_EQ(got.at(status), want) << "status " << status;
  }
}

TEST(AggregateTable, TimeAggregatesAreUtcInstantsAndBucketsLeadTheKey) {
  const std::vector<Line> lines = {{"a", "GET", "/", "17/May/2015:12:05:03 +0200", 200, 10},
                                   {"b", "GET", "/", "17/May/2015:10:59:59 +0000", 200, -1},
                                   {"c", "GET", "/", "17/May/2015:03:30:00 -0700", 404, 5}};
  const Query q = queryOf({Field::Status},
                          "count,min(time),max(time),sum(bytes),min(bytes),distinct(time)", 3600);
  const auto got = valuesOf(q, mapAll(q, lines));
  const auto key = [](std::string_view bucket, std::string_view status) {
    std::string k;
    k += static_cast<char>(bucket.size());
    k += bucket;
    k += status;  // a lone --by field is its value
    EXPECT_EQ(splitAggregateKey(k, true, 1), (std::vector<std::string_view>{bucket, status}));
    return k;
  };
  using V = std::vector<std::string>;
  ASSERT_EQ(got.size(), 2u);
  // 12:05:03+0200 and 10:59:59Z are both in the 10:00Z hour.
  EXPECT_EQ(got.at(key("2015-05-17T10:00:00Z", "200")),
            (V{"2", "2015-05-17T10:05:03Z", "2015-05-17T10:59:59Z", "10", "10", "2"}));
  EXPECT_EQ(got.at(key("2015-05-17T10:00:00Z", "404")),
            (V{"1", "2015-05-17T10:30:00Z", "2015-05-17T10:30:00Z", "5", "5", "1"}));
}

TEST(AggregateTable, BucketKeysSplitIntoTheirParts) {
  const std::vector<Line> lines = randomLines(200, 41);
  const Query q = queryOf({Field::Host, Field::Status}, "count", 300);
  // Named: a range-for over a member of a temporary would dangle (ASan).
  const auto table = mapAll(q, lines);
  for (const auto& [key, row] : table.rows()) {
    const auto parts = splitAggregateKey(key, true, 2);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0].size(), 20u) << parts[0];  // 2015-05-17T10:05:00Z
    EXPECT_TRUE(parts[0].ends_with("0:00Z") || parts[0].ends_with("5:00Z")) << parts[0];
    EXPECT_TRUE(parts[1].starts_with("10.0.")) << parts[1];
  }
  EXPECT_THROW((void)splitAggregateKey("\x05"
                                       "ab",
                                       true, 0),
               std::runtime_error);
  EXPECT_THROW((void)splitAggregateKey("", true, 0), std::runtime_error);
  EXPECT_THROW((void)splitAggregateKey("\x01-x", true, 0), std::runtime_error);  // trailing bytes
}

TEST(AggregateTable, NoValuesGiveNullButCountAndSumStay) {
  const std::vector<Line> lines = {{"a", "GET", "/", "17/May/2015:12:05:03 +0200", 200, -1}};
  const Query q = queryOf({}, "count,sum(bytes),avg(bytes),min(bytes),p50(bytes),distinct(bytes)");
  EXPECT_EQ(valuesOf(q, mapAll(q, lines)).at(""),
            (std::vector<std::string>{"1", "0", "-", "-", "-", "1"}));
}

TEST(AggregateTable, DurationsAggregateAsSecondsAndSkipAbsentOnes) {
  const std::int64_t micros[] = {250000, 1500000, 3, -1};
  AggregateMapper mapper(
      queryOf({},
              "count,p50(duration),p99(duration),avg(duration),sum(duration),min(duration),"
              "max(duration),distinct(duration)"));
  AggregateTable t;
  for (const std::int64_t m : micros) {
    LogRecord r = recordOf({"a", "GET", "/", "17/May/2015:12:05:03 +0200", 200, 1});
    r.durationMicros = m;
    mapper.map(r, t);
  }
  const Query q = queryOf({},
                          "count,p50(duration),p99(duration),avg(duration),sum(duration),"
                          "min(duration),max(duration),distinct(duration)");
  EXPECT_EQ(valuesOf(q, t).at(""), (std::vector<std::string>{"4", "0.25", "1.5", "0.583334",
                                                             "1.750003", "0.000003", "1.5", "4"}));
}

// ---- encoding --------------------------------------------------------------

Partial partialWithAggregates() {
  Partial p;
  p.stats().lines = 40;
  const Query q = queryOf({Field::Host},
                          "count,sum(bytes),min(path),distinct(path),p95(bytes),distinct(method)");
  p.aggregates() = mapAll(q, randomLines(40, 31));
  AggregateMapper approx(queryOf({}, "distinct(host)", 0, true));
  AggregateTable sketch;
  for (const Line& l : randomLines(40, 32)) approx.map(recordOf(l), sketch);
  EXPECT_THROW(p.aggregates().merge(sketch), std::invalid_argument);  // another query's slots
  return p;
}

TEST(AggregateTable, PartialRoundTripCarriesAggregates) {
  const Partial p = partialWithAggregates();
  ASSERT_FALSE(p.aggregates().empty());
  EXPECT_EQ(Partial::decode(p.encode()), p);
  Partial twice = p;
  twice.merge(Partial::decode(p.encode()));
  EXPECT_EQ(twice.aggregates().rows().begin()->second.count,
            2 * p.aggregates().rows().begin()->second.count);
}

TEST(AggregateTable, EveryTruncationOfAPartialIsRejected) {
  const std::string bytes = partialWithAggregates().encode();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW((void)Partial::decode(bytes.substr(0, n)), DecodeError) << "length " << n;
  }
}

TEST(AggregateTable, CorruptionNeverReadsOutOfBounds) {
  const std::string bytes = partialWithAggregates().encode();
  // Decode either throws DecodeError or returns a whole Partial (one that
  // encodes and decodes to itself); under ASan, no out-of-bounds read.
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char v : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      std::string b = bytes;
      b[i] = static_cast<char>(v);
      try {
        const Partial p = Partial::decode(b);
        EXPECT_EQ(Partial::decode(p.encode()), p) << "byte " << i << " = " << unsigned(v);
      } catch (const DecodeError&) {
        ++rejected;
      }
    }
  }
  EXPECT_GT(rejected, bytes.size());  // most damage is caught by the format's own checks
}

TEST(AggregateTable, HostileCountsAreRejectedBeforeAllocating) {
  const auto decodeOf = [](std::initializer_list<std::uint64_t> varints) {
    ByteWriter w;
    for (std::uint64_t v : varints) w.varint(v);
    const std::string bytes = w.take();
    ByteReader r(bytes, "aggregates");
    return AggregateTable::decode(r);
  };
  const std::uint64_t huge = std::uint64_t{1} << 60;
  EXPECT_THROW((void)decodeOf({huge}), DecodeError);                    // slots
  EXPECT_THROW((void)decodeOf({1, 0, 8, huge}), DecodeError);           // rows
  EXPECT_THROW((void)decodeOf({1, 2, 8, 1, 0, 1, huge}), DecodeError);  // distinct values
  EXPECT_THROW((void)decodeOf({1, 9, 8, 0}), DecodeError);              // unknown slot kind
  EXPECT_THROW((void)decodeOf({1, 0, 99, 0}), DecodeError);             // unknown field
  // A Numbers state whose minimum is above its maximum.
  EXPECT_THROW((void)decodeOf({1, 0, 8, 1, 0, 1, 1, 5, 0, 10, 2}), DecodeError);
  EXPECT_NO_THROW((void)decodeOf({1, 0, 8, 1, 0, 1, 1, 5, 0, 10, 10}));
}

}  // namespace
}  // namespace logmill::workers
