// Argument errors end in exit status 2 with one message naming what is
// wrong, before any input is read; the run itself is covered by tests/cli.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/cli/Cli.hpp"

namespace logmill::engine {
namespace {

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

Outcome run(std::vector<std::string> args) {
  args.insert(args.begin(), "logmill");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  const int status = runCli(static_cast<int>(args.size()), argv.data());
  return {status, ::testing::internal::GetCapturedStdout(),
          ::testing::internal::GetCapturedStderr()};
}

// A path that must never be opened: usage errors come first.
constexpr const char* kNoSuchInput = "/nonexistent/logmill-cli-test.log";

TEST(Cli, VersionComesFromTheBuild) {
  const Outcome o = run({"--version"});
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out, "logmill " LOGMILL_VERSION "\n");
}

TEST(Cli, NoCommandIsAUsageError) {
  EXPECT_EQ(run({}).status, 2);
  EXPECT_EQ(run({"frobnicate"}).status, 2);
}

TEST(Cli, AnUnknownFieldIsNamed) {
  const Outcome o = run({"count", "--by", "nosuchfield", kNoSuchInput});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("nosuchfield"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("logmill-cli-test.log"), std::string::npos) << "input was read: " << o.err;
}

TEST(Cli, ABadWhereIsAUsageErrorNamingTheFlag) {
  const Outcome o = run({"count", "--where", "status >>> 3", kNoSuchInput});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--where"), std::string::npos) << o.err;
}

TEST(Cli, ABadAggregateIsAUsageError) {
  const Outcome o = run({"count", "--agg", "median(bytes", kNoSuchInput});
  EXPECT_EQ(o.status, 2);
  EXPECT_FALSE(o.err.empty());
}

TEST(Cli, NegativeNumbersAreRefused) {
  EXPECT_EQ(run({"count", "--task-timeout", "-5", kNoSuchInput}).status, 2);
  EXPECT_EQ(run({"count", "-j", "-1", kNoSuchInput}).status, 2);
}

TEST(Cli, AMalformedWorkerArgvIsAUsageErrorNamingTheOption) {
  const Outcome o = run({"worker", "--segment", "s", "--index", "one", "--parent", "1"});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--index"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace logmill::engine
