#include <gtest/gtest.h>

#include "engine/output/queryText.hpp"

namespace logmill::engine {
namespace {

using workers::Command;
using workers::Field;

TEST(QueryText, ArgsAreTheWordsThatAskForTheQuery) {
  workers::Query q;
  q.command = Command::Top;
  q.by = {Field::Path};
  q.topN = 10;
  EXPECT_EQ(queryArgs(q), (std::vector<std::string>{"top", "--by", "path", "-n", "10"}));
  q.command = Command::Robots;
  q.by.clear();
  EXPECT_EQ(queryArgs(q), std::vector<std::string>{"robots"});
}

TEST(QueryText, FreeTextValuesAreQuotedForAShell) {
  workers::Query q;
  q.command = Command::Count;
  q.by = {Field::Status};
  q.where = "agent == \"it's\"";
  q.bucketSeconds = 300;
  EXPECT_EQ(queryArgs(q), (std::vector<std::string>{"count", "--by", "status", "--bucket", "5m",
                                                    "--where", "agent == \"it's\""}));
  EXPECT_EQ(describeQuery(q), "count --by status --bucket 5m --where 'agent == \"it'\\''s\"'");
}

TEST(QueryText, BucketWidthsAsAUserWritesThem) {
  EXPECT_EQ(bucketText(0), "");
  EXPECT_EQ(bucketText(30), "30s");
  EXPECT_EQ(bucketText(90), "90s");
  EXPECT_EQ(bucketText(21600), "6h");
  EXPECT_EQ(bucketText(86400), "1d");
}

}  // namespace
}  // namespace logmill::engine
