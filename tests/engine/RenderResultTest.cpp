#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>

#include "engine/output/renderResult.hpp"
#include "tests/engine/outputCapture.hpp"
#include "workers/query/GroupKey.hpp"

namespace logmill::engine {
namespace {

using workers::Command;
using workers::Field;

/// Renders into a pipe and returns what was written.
std::string render(const workers::Query& q, const workers::Partial& p, OutputFormat format,
                   bool header = false) {
  return testing::captureOutput([&](OutputSink& sink) {
    renderResult(q, p, {format, header}, sink);
  });
}

workers::Partial statusCounts() {
  workers::Partial p;
  p.add("404", 7);
  p.add("200", 90);
  p.add("1000", 1);  // sorts after 404 numerically, before it bytewise
  p.add("301", 7);
  return p;
}

TEST(RenderResult, CountSortsNumericKeysNumerically) {
  workers::Query q;
  q.command = Command::Count;
  q.by = {Field::Status};
  EXPECT_EQ(render(q, statusCounts(), OutputFormat::Tsv), "200\t90\n301\t7\n404\t7\n1000\t1\n");
  EXPECT_EQ(render(q, statusCounts(), OutputFormat::Tsv, true),
            "status\tcount\n200\t90\n301\t7\n404\t7\n1000\t1\n");
  EXPECT_EQ(render(q, statusCounts(), OutputFormat::Json),
            "{\"status\":200,\"count\":90}\n{\"status\":301,\"count\":7}\n"
            "{\"status\":404,\"count\":7}\n{\"status\":1000,\"count\":1}\n");
  EXPECT_EQ(render(q, statusCounts(), OutputFormat::Table),
            "status  count\n200        90\n301         7\n404         7\n1000        1\n");
}

TEST(RenderResult, TopBreaksTiesByKey) {
  workers::Query q;
  q.command = Command::Top;
  q.by = {Field::Status};
  q.topN = 3;
  EXPECT_EQ(render(q, statusCounts(), OutputFormat::Tsv), "200\t90\n301\t7\n404\t7\n");
}

TEST(RenderResult, RobotsIsASortedHostList) {
  workers::Query q;
  workers::Partial p;
  p.add("b.example", 2);
  p.add("2001:db8::1", 1);
  p.add("a.example", 1);
  EXPECT_EQ(render(q, p, OutputFormat::Tsv), "2001:db8::1\na.example\nb.example\n");
  EXPECT_EQ(render(q, p, OutputFormat::Csv), "host\n2001:db8::1\na.example\nb.example\n");
}

TEST(RenderResult, TotalWithoutGroups) {
  workers::Query q;
  q.command = Command::Count;
  workers::Partial p;
  EXPECT_EQ(render(q, p, OutputFormat::Tsv), "0\n");
  p.add("", 42);
  EXPECT_EQ(render(q, p, OutputFormat::Json), "{\"count\":42}\n");
}

TEST(RenderResult, CsvQuotesAndJsonEscapes) {
  workers::Query q;
  q.command = Command::Count;
  q.by = {Field::Agent, Field::Status};
  workers::Partial p;
  workers::LogRecord r;
  r.agent = "Mozilla \"x\", y";
  r.status = 200;
  std::string key;
  workers::buildGroupKey(r, q.by, key);
  p.add(key, 3);
  EXPECT_EQ(render(q, p, OutputFormat::Csv),
            "agent,status,count\n\"Mozilla \"\"x\"\", y\",200,3\n");
  EXPECT_EQ(render(q, p, OutputFormat::Json),
            "{\"agent\":\"Mozilla \\\"x\\\", y\",\"status\":200,\"count\":3}\n");
}

TEST(OutputSink, ClosedPipeThrowsOutputClosed) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  ::signal(SIGPIPE, SIG_IGN);
  OutputSink sink(fds[1]);
  sink.write("hello\n");
  EXPECT_THROW(sink.flush(), OutputClosed);
  ::close(fds[1]);
}

}  // namespace
}  // namespace logmill::engine
