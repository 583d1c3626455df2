#include <gtest/gtest.h>

#include "engine/bench/BenchTargets.hpp"

namespace logmill::engine {
namespace {

BenchRow row(std::string variant, RowKind kind, std::string pool, unsigned jobs, double seconds,
             double rss = 10) {
  BenchRow r;
  r.variant = std::move(variant);
  r.kind = kind;
  r.pool = std::move(pool);
  r.jobs = jobs;
  r.seconds = {seconds};
  r.peakRssMb = rss;
  return r;
}

const BenchTarget* find(const std::vector<BenchTarget>& targets, const std::string& name) {
  for (const BenchTarget& t : targets) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

TEST(BenchTargets, RatiosOfTheLargestProcessRowAgainstEachBaseline) {
  BenchReport r;
  r.query = "robots";
  r.rows = {row("serial", RowKind::Logmill, "serial", 1, 0.40),
            row("thread-j1", RowKind::Logmill, "thread", 1, 0.40),
            row("thread-j2", RowKind::Logmill, "thread", 2, 0.20, 70),
            row("process-j1", RowKind::Logmill, "process", 1, 0.38),
            row("process-j2", RowKind::Logmill, "process", 2, 0.20),
            row("python-pool-j2", RowKind::Baseline, "", 2, 2.0),
            row("zcat-mawk-sort", RowKind::Baseline, "", 1, 3.0),
            row("igzip-dc", RowKind::Floor, "", 1, 0.30)};
  const std::vector<BenchTarget> t = benchTargets(r);
  ASSERT_NE(find(t, "process-j2 time / igzip-dc time"), nullptr);
  EXPECT_NEAR(find(t, "process-j2 time / igzip-dc time")->value, 0.667, 0.001);
  EXPECT_FALSE(find(t, "process-j2 time / igzip-dc time")->met);
  EXPECT_NEAR(find(t, "python-pool-j2 time / process-j2 time")->value, 10, 1e-9);
  EXPECT_FALSE(find(t, "python-pool-j2 time / process-j2 time")->met);
  EXPECT_TRUE(find(t, "zcat-mawk-sort time / process-j2 time")->met);
  EXPECT_NEAR(find(t, "process-j1 time / process-j2 time")->value, 1.9, 1e-9);
  EXPECT_TRUE(find(t, "process-j1 time / process-j2 time")->met);
  EXPECT_TRUE(find(t, "process-j2 time / thread-j2 time")->met);
  EXPECT_EQ(find(t, "largest logmill process, peak RSS MB")->value, 70);
  EXPECT_FALSE(find(t, "largest logmill process, peak RSS MB")->met);
  EXPECT_EQ(find(t, "goaccess time / process-j2 time"), nullptr);  // no such row
  EXPECT_NE(benchTargetsText(t).find("MISSED"), std::string::npos);
}

TEST(BenchTargets, AFailedRowGivesNoTarget) {
  BenchReport r;
  r.rows = {row("process-j2", RowKind::Logmill, "process", 2, 0.2),
            row("goaccess", RowKind::Baseline, "", 1, 20)};
  r.rows[1].ok = false;
  EXPECT_EQ(find(benchTargets(r), "goaccess time / process-j2 time"), nullptr);
  r.rows[1].ok = true;
  EXPECT_TRUE(find(benchTargets(r), "goaccess time / process-j2 time")->met);
  r.query = "report";  // no inflate limit, no memory cap (the result is large)
  r.rows.push_back(row("igzip-dc", RowKind::Floor, "", 1, 0.3));
  EXPECT_EQ(benchTargets(r).size(), 1u);
  r.rows[0].ok = false;
  EXPECT_TRUE(benchTargets(r).empty());
  EXPECT_EQ(benchTargetsText({}), "");
}

}  // namespace
}  // namespace logmill::engine
