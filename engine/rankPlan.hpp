#pragma once
// How an MPI run splits its tasks among ranks, and the bytes rank 0
// broadcasts so every rank agrees on the split. No MPI here: this is plain
// planning, testable (and compiled) in every build.

#include <string>
#include <string_view>
#include <vector>

#include "workers/map/Task.hpp"

namespace logmill::engine {

struct RankPlan {
  workers::TaskList work;  ///< the whole plan, tasks largest first
  std::vector<int> ranks;  ///< ranks[i]: the rank that runs work.tasks[i]
};

/// Rank of each task for `ranks` ranks: in plan order (largest first), each
/// task to the rank with the fewest bytes so far, ties to the lowest rank
/// (greedy LPT: deterministic, within one task's size of balanced). Stdin
/// ("-") goes to rank 0, the only rank mpirun forwards stdin to.
[[nodiscard]] std::vector<int> assignTasks(const workers::TaskList& work, int ranks);

/// Versioned bytes of a plan for the broadcast.
[[nodiscard]] std::string encodeRankPlan(const RankPlan& plan);
/// Throws workers::DecodeError on malformed bytes or a rank outside [0, ranks).
[[nodiscard]] RankPlan decodeRankPlan(std::string_view bytes, int ranks);

/// The tasks `rank` runs, in plan order, renumbered 0..k-1 (pools index by
/// id), over the same file list.
[[nodiscard]] workers::TaskList tasksOfRank(const RankPlan& plan, int rank);

/// The process-pool size for one rank when -j is not given: the node's CPUs
/// shared among the ranks on it, no more than the CPUs the rank is bound to
/// (mpirun binds ranks to cores or sockets), and at least 1.
[[nodiscard]] unsigned rankJobs(unsigned nodeCpus, unsigned boundCpus, unsigned ranksOnNode);

}  // namespace logmill::engine
