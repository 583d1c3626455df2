#include "engine/rankPlan.hpp"

#include <algorithm>
#include <cstdint>

#include "workers/base/ByteCodec.hpp"

namespace logmill::engine {
namespace {
constexpr std::string_view kMagic = "LMRP";
constexpr std::uint64_t kVersion = 1;
}  // namespace

std::vector<int> assignTasks(const std::vector<Task>& tasks, int ranks) {
  std::vector<std::uint64_t> load(static_cast<std::size_t>(std::max(ranks, 1)), 0);
  std::vector<int> out;
  out.reserve(tasks.size());
  for (const Task& t : tasks) {
    const auto least = std::min_element(load.begin(), load.end());  // first of equals
    const auto rank = t.path == "-" ? load.begin() : least;
    *rank += std::max<std::uint64_t>(t.sizeBytes, 1);  // empty files still cost an open
    out.push_back(static_cast<int>(rank - load.begin()));
  }
  return out;
}

std::string encodeRankPlan(const RankPlan& plan) {
  workers::ByteWriter w;
  w.raw(kMagic);
  w.varint(kVersion);
  w.varint(plan.tasks.size());
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& t = plan.tasks[i];
    w.bytes(t.path);
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
  const std::uint64_t n = r.count(5);  // path length, begin, end, size, rank: a byte each at least
  if (n > UINT32_MAX) r.fail("too many tasks");
  RankPlan plan;
  for (std::uint64_t i = 0; i < n; ++i) {
    Task t;
    t.id = static_cast<std::uint32_t>(i);
    t.path = std::string(r.bytes());
    t.range.begin = r.varint();
    t.range.end = r.varint();
    t.sizeBytes = r.varint();
    const std::uint64_t rank = r.varint();
    if (rank >= static_cast<std::uint64_t>(std::max(ranks, 0))) r.fail("rank out of range");
    plan.tasks.push_back(std::move(t));
    plan.ranks.push_back(static_cast<int>(rank));
  }
  r.finish();
  return plan;
}

std::vector<Task> tasksOfRank(const RankPlan& plan, int rank) {
  std::vector<Task> mine;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    if (plan.ranks[i] != rank) continue;
    mine.push_back(plan.tasks[i]);
    mine.back().id = static_cast<std::uint32_t>(mine.size() - 1);
  }
  return mine;
}

unsigned rankJobs(unsigned nodeCpus, unsigned boundCpus, unsigned ranksOnNode) {
  const unsigned share = nodeCpus / std::max(ranksOnNode, 1u);
  return std::max(1u, boundCpus ? std::min(share, boundCpus) : share);
}

}  // namespace logmill::engine
