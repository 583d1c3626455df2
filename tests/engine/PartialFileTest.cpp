#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "tests/TempDir.hpp"
#include "engine/PartialFile.hpp"
#include "engine/runMerge.hpp"
#include "workers/query/AggregateSpec.hpp"

namespace logmill::engine {
namespace {

using ::testing::HasSubstr;
using workers::Command;
using workers::Field;

workers::Query countBy(std::vector<Field> by, std::string where = "") {
  workers::Query q;
  q.command = Command::Count;
  q.by = std::move(by);
  q.where = std::move(where);
  return q;
}

workers::Partial sample(std::uint64_t okCount = 90) {
  workers::Partial p;
  p.add("200", okCount);
  p.add("404", 7);
  p.stats().files = 2;
  p.stats().lines = okCount + 7;
  p.errors().push_back({"logs/b.gz", "logs/b.gz: truncated gzip stream at byte 18"});
  return p;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(PartialFileTest, RoundTripsQueryPartialAndVersion) {
  const workers::Query q = countBy({Field::Status}, "status >= 200");
  const std::string bytes = encodePartialFile(q, sample());
  EXPECT_EQ(bytes.substr(0, kPartialFileMagic.size()), kPartialFileMagic);
  const PartialFile file = decodePartialFile(bytes, "p.lmp");
  EXPECT_EQ(file.query, q);
  EXPECT_EQ(file.partial, sample());
  EXPECT_THAT(file.writerVersion, ::testing::MatchesRegex("[0-9]+\\.[0-9]+\\.[0-9]+"));
}

TEST(PartialFileTest, EveryTruncationIsRejectedNamingTheFile) {
  const std::string bytes = encodePartialFile(countBy({Field::Host}), sample());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    try {
      (void)decodePartialFile(std::string_view(bytes).substr(0, n), "parts/a.lmp");
      FAIL() << "a prefix of " << n << " bytes decoded";
    } catch (const PartialFileError& e) {
      EXPECT_THAT(e.what(), HasSubstr("parts/a.lmp: ")) << n;
    }
  }
}

TEST(PartialFileTest, TruncationInsideThePartialSaysTruncated) {
  const std::string bytes = encodePartialFile(countBy({Field::Host}), sample());
  try {
    (void)decodePartialFile(std::string_view(bytes).substr(0, bytes.size() - 10), "a.lmp");
    FAIL();
  } catch (const PartialFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("a.lmp: truncated or corrupt partial file"));
  }
}

TEST(PartialFileTest, AFlippedBitInACountFailsTheChecksum) {
  std::string bytes = encodePartialFile(countBy({Field::Status}), sample(90));
  // The count 90 is one varint byte (0x5a) somewhere in the body; 91 keeps
  // the structure valid, so only the checksum can notice.
  const std::string other = encodePartialFile(countBy({Field::Status}), sample(91));
  ASSERT_EQ(bytes.size(), other.size());
  std::size_t diffs = 0;
  for (std::size_t i = 0; i + 4 < bytes.size(); ++i) {
    if (bytes[i] != other[i]) {
      bytes[i] = other[i];
      ++diffs;
    }
  }
  ASSERT_GE(diffs, 1u);
  try {
    (void)decodePartialFile(bytes, "a.lmp");
    FAIL();
  } catch (const PartialFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("a.lmp: corrupt partial file (checksum mismatch)"));
  }
}

TEST(PartialFileTest, ForeignBytesAndOtherVersionsAreNamed) {
  EXPECT_THROW(
      {
        try {
          (void)decodePartialFile("192.0.2.1 - - [17/May/2015] \"GET / HTTP/1.1\" 200 5\n", "x");
        } catch (const PartialFileError& e) {
          EXPECT_THAT(e.what(), HasSubstr("x: not a logmill partial file"));
          throw;
        }
      },
      PartialFileError);
  std::string bytes = encodePartialFile(countBy({}), sample());
  bytes[kPartialFileMagic.size()] = 7;  // the format version varint
  try {
    (void)decodePartialFile(bytes, "x");
    FAIL();
  } catch (const PartialFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("format version 7 is not supported"));
  }
}

TEST(PartialFileTest, WriteIsAtomicAndReadNamesMissingFiles) {
  testing::TempDir dir;
  const std::string path = dir.file("out.lmp");
  writePartialFile(path, countBy({Field::Status}), sample());
  EXPECT_EQ(slurp(path), encodePartialFile(countBy({Field::Status}), sample()));
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u) << "no temporary file left behind";
  EXPECT_EQ(readPartialFile(path).partial, sample());
  try {
    (void)readPartialFile(dir.file("missing.lmp"));
    FAIL();
  } catch (const PartialFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot open '" + dir.file("missing.lmp") +
                                    "': No such file or directory"));
  }
  EXPECT_THROW(writePartialFile(dir.file("no/such/dir/out.lmp"), countBy({}), sample()),
               std::runtime_error);
}

TEST(PartialFileTest, TopNIsOutputOnlyButEverythingElseCounts) {
  workers::Query top10 = countBy({Field::Path});
  top10.command = Command::Top;
  workers::Query top3 = top10;
  top3.topN = 3;
  EXPECT_TRUE(sameAggregate(top10, top3));
  EXPECT_EQ(describeMismatch(top10, top3), "");

  workers::Query count = top10;
  count.command = Command::Count;
  EXPECT_FALSE(sameAggregate(top10, count));
  EXPECT_EQ(describeMismatch(top10, count),
            "the command is 'count' in the file, 'top' on the command line");
  EXPECT_EQ(describeMismatch(countBy({Field::Status}), countBy({Field::Host, Field::Status})),
            "--by is 'host,status' in the file, 'status' on the command line");
  EXPECT_EQ(describeMismatch(countBy({}), countBy({}, "status >= 500")),
            "--where is 'status >= 500' in the file, (none) on the command line");
  workers::Query nginx = countBy({});
  nginx.logFormat = "nginx";
  EXPECT_EQ(describeMismatch(countBy({}), nginx),
            "--log-format is 'nginx' in the file, 'auto' on the command line");
}

TEST(PartialFileTest, AggregateOptionsArePartOfTheQuery) {
  workers::Query plain = countBy({Field::Status});
  workers::Query agg = plain;
  agg.aggregates = workers::parseAggregates("count,p90(bytes)");
  EXPECT_FALSE(sameAggregate(plain, agg));
  EXPECT_EQ(describeMismatch(plain, agg),
            "--agg is 'count,p90(bytes)' in the file, (none) on the command line");
  workers::Query bucket = agg;
  bucket.bucketSeconds = 3600;
  bucket.approxDistinct = true;
  EXPECT_EQ(describeMismatch(agg, bucket),
            "--bucket is '1h' in the file, (none) on the command line; --approx is on in the "
            "file, off on the command line");
  EXPECT_EQ(describeQuery(bucket),
            "count --by status --agg 'count,p90(bytes)' --bucket 1h --approx");
}

TEST(PartialFileTest, DescribeQuerySpellsTheCommandLine) {
  workers::Query q = countBy({Field::Host, Field::Status}, "status >= 500");
  EXPECT_EQ(describeQuery(q), "count --by host,status --where 'status >= 500'");
  q.command = Command::Top;
  q.topN = 3;
  q.logFormat = "common";
  EXPECT_EQ(describeQuery(q),
            "top --by host,status --where 'status >= 500' --log-format 'common' -n 3");
}

TEST(MergePartialFilesTest, MergesCountsStatsAndSortedErrors) {
  testing::TempDir dir;
  const workers::Query q = countBy({Field::Status});
  workers::Partial a = sample(10);
  workers::Partial b;
  b.add("200", 5);
  b.add("500", 1);
  b.errors().push_back({"logs/a.gz", "logs/a.gz: cannot open: Permission denied"});
  writePartialFile(dir.file("a.lmp"), q, a);
  writePartialFile(dir.file("b.lmp"), q, b);
  const RunResult r = mergePartialFiles(q, {dir.file("a.lmp"), dir.file("b.lmp")});
  workers::Partial expected = a;
  expected.merge(b);
  EXPECT_EQ(r.partial.groups(), expected.groups());
  EXPECT_EQ(r.partial.groups().at("200"), 15u);
  EXPECT_EQ(r.partial.stats(), expected.stats());
  ASSERT_EQ(r.partial.errors().size(), 2u);
  EXPECT_EQ(r.partial.errors()[0].path, "logs/a.gz");  // sorted by path, as a direct run
  EXPECT_EQ(r.partial.errors()[1].path, "logs/b.gz");
}

TEST(MergePartialFilesTest, ACorruptFileBecomesAnErrorAndTheRestIsMerged) {
  testing::TempDir dir;
  const workers::Query q = countBy({Field::Status});
  writePartialFile(dir.file("a.lmp"), q, sample(10));
  const std::string whole = encodePartialFile(q, sample(20));
  dir.write("b.lmp", whole.substr(0, whole.size() / 2));
  const RunResult r = mergePartialFiles(q, {dir.file("a.lmp"), dir.file("b.lmp")});
  EXPECT_EQ(r.partial.groups().at("200"), 10u);
  ASSERT_EQ(r.partial.errors().size(), 2u);
  EXPECT_EQ(r.partial.errors()[0].path, dir.file("b.lmp"));
  EXPECT_THAT(r.partial.errors()[0].message, HasSubstr(dir.file("b.lmp") + ": truncated"));
}

TEST(MergePartialFilesTest, AnotherQueryOrTheSameFileTwiceIsRejected) {
  testing::TempDir dir;
  writePartialFile(dir.file("a.lmp"), countBy({Field::Status}), sample());
  writePartialFile(dir.file("b.lmp"), countBy({Field::Host}), sample());
  try {
    (void)mergePartialFiles(countBy({Field::Status}), {dir.file("a.lmp"), dir.file("b.lmp")});
    FAIL();
  } catch (const PartialMismatch& e) {
    EXPECT_THAT(e.what(),
                HasSubstr(dir.file("b.lmp") + ": partial of \"count --by host\", cannot "
                                              "merge it as \"count --by status\": --by is"));
  }
  EXPECT_THROW((void)mergePartialFiles(countBy({Field::Status}),
                                       {dir.file("a.lmp"), dir.path() + "/./a.lmp"}),
               PartialMismatch);
}

TEST(UntrustedPartialFileTest, AReportSectionInACountPartialIsRejected) {
  testing::TempDir dir;
  workers::Partial p = sample();
  (void)p.report();  // a section no count run writes
  writePartialFile(dir.file("a.lmp"), countBy({Field::Status}), p);
  try {
    (void)readPartialFile(dir.file("a.lmp"));
    FAIL() << "accepted";
  } catch (const PartialFileError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr(dir.file("a.lmp") + ": corrupt partial file: it carries a "
                                              "report section, which count does not use"));
  }
}

TEST(UntrustedPartialFileTest, AnAggregateTableThePlainCountDoesNotUseIsRejected) {
  testing::TempDir dir;
  workers::Partial p = sample();
  p.aggregates() = workers::AggregateTable({workers::Slot{}});
  (void)p.aggregates().row("200");
  writePartialFile(dir.file("a.lmp"), countBy({Field::Status}), p);
  EXPECT_THROW((void)readPartialFile(dir.file("a.lmp")), PartialFileError);
}

TEST(UntrustedPartialFileTest, AnAggregateTableOfOtherColumnsIsRejected) {
  testing::TempDir dir;
  workers::Query q = countBy({Field::Status});
  q.aggregates = workers::parseAggregates("sum(bytes)");
  workers::Partial p;
  p.aggregates() = workers::AggregateTable(
      std::vector<workers::Slot>(8, workers::Slot{workers::SlotKind::DistinctSet}));
  (void)p.aggregates().row("200");
  writePartialFile(dir.file("a.lmp"), q, p);
  try {
    (void)readPartialFile(dir.file("a.lmp"));
    FAIL() << "accepted";
  } catch (const PartialFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("its aggregate table does not match count --by status"));
  }
}

TEST(UntrustedPartialFileTest, GroupKeysOfAnUngroupedQueryAreRejected) {
  testing::TempDir dir;
  writePartialFile(dir.file("a.lmp"), countBy({}), sample());  // keys "200", "404"
  EXPECT_THROW((void)readPartialFile(dir.file("a.lmp")), PartialFileError);
  workers::Partial total;
  total.add({}, 97);
  writePartialFile(dir.file("b.lmp"), countBy({}), total);
  EXPECT_EQ(readPartialFile(dir.file("b.lmp")).partial.groups().at(""), 97u);
}

TEST(UntrustedPartialFileTest, CountsThatWouldWrapEndTheMergeNamingTheFile) {
  testing::TempDir dir;
  const workers::Query q = countBy({Field::Status});
  workers::Partial huge, small;
  huge.add("200", std::numeric_limits<std::uint64_t>::max());
  small.add("200", 3993);
  writePartialFile(dir.file("a.lmp"), q, huge);
  writePartialFile(dir.file("b.lmp"), q, small);
  try {
    (void)mergePartialFiles(q, {dir.file("a.lmp"), dir.file("b.lmp")});
    FAIL() << "the count wrapped";
  } catch (const PartialOverflow& e) {
    EXPECT_EQ(std::string(e.what()), dir.file("b.lmp") +
                                         ": corrupt partial file: a count passes 2^64-1 when "
                                         "merged with the files before it");
  }
}

TEST(UntrustedPartialFileTest, AHardLinkedPartialIsMergedOnceNamingBothPaths) {
  testing::TempDir dir;
  const workers::Query q = countBy({Field::Status});
  writePartialFile(dir.file("a.lmp"), q, sample(10));
  std::filesystem::create_hard_link(dir.file("a.lmp"), dir.file("again.lmp"));
  const RunResult r = mergePartialFiles(q, {dir.file("a.lmp"), dir.file("again.lmp")});
  EXPECT_EQ(r.partial.groups().at("200"), 10u);
  ASSERT_EQ(r.partial.errors().size(), 2u);  // the recorded one, and the repeat
  EXPECT_EQ(r.partial.errors()[0].path, dir.file("again.lmp"));
  EXPECT_EQ(r.partial.errors()[0].message, dir.file("again.lmp") + ": the same file as " +
                                               dir.file("a.lmp") +
                                               " (same device and inode); merged once");
}

TEST(UntrustedPartialFileTest, ACopiedPartialIsMergedOnceNamingBothPaths) {
  testing::TempDir dir;
  const workers::Query q = countBy({Field::Status});
  writePartialFile(dir.file("a.lmp"), q, sample(10));
  writePartialFile(dir.file("b.lmp"), q, sample(20));
  std::filesystem::copy_file(dir.file("a.lmp"), dir.file("copy.lmp"));
  const RunResult r =
      mergePartialFiles(q, {dir.file("a.lmp"), dir.file("b.lmp"), dir.file("copy.lmp")});
  EXPECT_EQ(r.partial.groups().at("200"), 30u);
  EXPECT_EQ(r.partial.errors()[0].message,
            dir.file("copy.lmp") + ": the same content as " + dir.file("a.lmp") + "; merged once");
}

}  // namespace
}  // namespace logmill::engine
