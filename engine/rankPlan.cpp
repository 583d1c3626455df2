#include "engine/rankPlan.hpp"

#include <algorithm>
#include <cstdint>

#include "workers/base/ByteCodec.hpp"

namespace logmill::engine {
namespace {
constexpr std::string_view kMagic = "LMRP";
constexpr std::uint64_t kVersion = 2;  // 2: files listed once, tasks name them by index
}  // namespace

std::vector<int> assignTasks(const workers::TaskList& work, int ranks) {
  const auto& tasks = work.tasks;
  std::vector<std::uint64_t> load(static_cast<std::size_t>(std::max(ranks, 1)), 0);
  std::vector<int> out;
  out.reserve(tasks.size());
  for (const workers::Task& t : tasks) {
    const auto least = std::min_element(load.begin(), load.end());  // first of equals
    const auto rank = work.pathOf(t) == "-" ? load.begin() : least;
    *rank += std::max<std::uint64_t>(t.sizeBytes, 1);  // empty files still cost an open
    out.push_back(static_cast<int>(rank - load.begin()));
  }
  return out;
}

std::string encodeRankPlan(const RankPlan& plan) {
  workers::ByteWriter w;
  w.raw(kMagic);
  w.varint(kVersion);
  w.varint(plan.work.files.size());
  for (const std::string& path : plan.work.files) w.bytes(path);
  w.varint(plan.work.tasks.size());
  for (std::size_t i = 0; i < plan.work.tasks.size(); ++i) {
    const workers::Task& t = plan.work.tasks[i];
    w.varint(t.file);
    w.varint(t.range.begin);
    w.varint(t.range.end);
    w.varint(t.sizeBytes);
    w.varint(static_cast<std::uint64_t>(plan.ranks.at(i)));
  }
  return w.take();
}

RankPlan decodeRankPlan(std::string_view bytes, int ranks) {
  workers::ByteReader r(bytes, "MPI task plan");
  r.expect(kMagic);
  if (r.varint() != kVersion) r.fail("unsupported version");
  RankPlan plan;
  const std::uint64_t files = r.count(1);  // a path's length: a byte at least
  if (files > UINT32_MAX) r.fail("too many files");
  for (std::uint64_t i = 0; i < files; ++i) plan.work.files.emplace_back(r.bytes());
  const std::uint64_t n = r.count(5);  // file, begin, end, size, rank: a byte each at least
  if (n > UINT32_MAX) r.fail("too many tasks");
  for (std::uint64_t i = 0; i < n; ++i) {
    workers::Task t;
    t.id = static_cast<std::uint32_t>(i);
    const std::uint64_t file = r.varint();
    if (file >= files) r.fail("file index out of range");
    t.file = static_cast<std::uint32_t>(file);
    t.range.begin = r.varint();
    t.range.end = r.varint();
    t.sizeBytes = r.varint();
    const std::uint64_t rank = r.varint();
    if (rank >= static_cast<std::uint64_t>(std::max(ranks, 0))) r.fail("rank out of range");
    plan.work.tasks.push_back(t);
    plan.ranks.push_back(static_cast<int>(rank));
  }
  r.finish();
  return plan;
}

workers::TaskList tasksOfRank(const RankPlan& plan, int rank) {
  workers::TaskList mine;
  mine.files = plan.work.files;
  for (std::size_t i = 0; i < plan.work.tasks.size(); ++i) {
    if (plan.ranks[i] != rank) continue;
    mine.tasks.push_back(plan.work.tasks[i]);
    mine.tasks.back().id = static_cast<std::uint32_t>(mine.tasks.size() - 1);
  }
  return mine;
}

unsigned rankJobs(unsigned nodeCpus, unsigned boundCpus, unsigned ranksOnNode) {
  const unsigned share = nodeCpus / std::max(ranksOnNode, 1u);
  return std::max(1u, boundCpus ? std::min(share, boundCpus) : share);
}

}  // namespace logmill::engine
