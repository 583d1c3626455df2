#include "engine/mpi/MpiRun.hpp"

// The C API only: skip the deprecated C++ bindings mpi.h would pull in.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "engine/Interrupted.hpp"
#include "engine/planTasks.hpp"
#include "engine/rankPlan.hpp"

namespace logmill::engine {
namespace {

constexpr int kTagLength = 1;  // child -> parent: encoded partial's size (uint64)
constexpr int kTagGo = 2;      // parent -> child: ready to receive the bytes
constexpr int kTagBytes = 3;   // child -> parent: the encoded partial
// MPI counts are int: send in chunks under 2 GiB.
constexpr std::uint64_t kChunk = 1u << 30;
// A partial announced as larger than this is a bug or garbage on the wire,
// not a real aggregate (the biggest measured are tens of MB; see SCALE.md).
constexpr std::uint64_t kMaxPartialBytes = 64ull << 30;

int g_rank = 0;

[[noreturn]] void abortJob(const std::string& why, int code = 1) {
  char host[256] = "?";
  (void)::gethostname(host, sizeof host - 1);
  const std::string line =
      "logmill: MPI rank " + std::to_string(g_rank) + " (" + host + "): " + why + "\n";
  (void)!::write(2, line.data(), line.size());
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // MPI_Abort does not return; in case it does
}

void check(int rc, const char* call) {
  if (rc == MPI_SUCCESS) return;
  char message[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  MPI_Error_string(rc, message, &length);
  abortJob(std::string("MPI error in ") + call + ": " + std::string(message, length));
}

/// MPI_Init/MPI_Finalize for the run. Only the main thread calls MPI, while
/// pool threads run beside it: FUNNELED.
class MpiSession {
 public:
  MpiSession() {
    int provided = 0;
    if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
      throw std::runtime_error("MPI_Init failed");
    }
    // Errors come back as codes, so check() can say which call failed.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    check(MPI_Comm_rank(MPI_COMM_WORLD, &m_rank), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &m_size), "MPI_Comm_size");
    g_rank = m_rank;
  }
  ~MpiSession() { MPI_Finalize(); }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const { return m_rank; }
  [[nodiscard]] int size() const { return m_size; }

 private:
  int m_rank = 0;
  int m_size = 1;
};

/// Waits for a message without spinning: ranks may share cores with their
/// own workers (and with each other under --oversubscribe), and a blocking
/// MPI_Recv busy-polls.
void awaitMessage(int source, int tag) {
  auto pause = std::chrono::microseconds(50);
  for (;;) {
    int ready = 0;
    check(MPI_Iprobe(source, tag, MPI_COMM_WORLD, &ready, MPI_STATUS_IGNORE), "MPI_Iprobe");
    if (ready) return;
    if (const int signal = pendingInterrupt()) throw Interrupted(signal);
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(20));
  }
}

void sendBytes(std::string_view bytes, int dest) {
  for (std::uint64_t at = 0; at < bytes.size(); at += kChunk) {
    const auto n = static_cast<int>(std::min<std::uint64_t>(kChunk, bytes.size() - at));
    check(MPI_Send(bytes.data() + at, n, MPI_BYTE, dest, kTagBytes, MPI_COMM_WORLD), "MPI_Send");
  }
}

std::string recvBytes(std::uint64_t size, int source) {
  std::string bytes(size, '\0');
  for (std::uint64_t at = 0; at < size; at += kChunk) {
    const auto n = static_cast<int>(std::min<std::uint64_t>(kChunk, size - at));
    MPI_Status status;
    check(MPI_Recv(bytes.data() + at, n, MPI_BYTE, source, kTagBytes, MPI_COMM_WORLD, &status),
          "MPI_Recv");
    int got = 0;
    check(MPI_Get_count(&status, MPI_BYTE, &got), "MPI_Get_count");
    if (got != n) {
      abortJob("rank " + std::to_string(source) + " sent " + std::to_string(got) +
               " bytes of a partial chunk, " + std::to_string(n) + " announced");
    }
  }
  return bytes;
}

/// Rank 0's `bytes` on every rank.
std::string broadcast(std::string bytes, int rank) {
  std::uint64_t size = bytes.size();
  check(MPI_Bcast(&size, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
  if (rank != 0) bytes.assign(size, '\0');
  for (std::uint64_t at = 0; at < size; at += kChunk) {
    const auto n = static_cast<int>(std::min<std::uint64_t>(kChunk, size - at));
    check(MPI_Bcast(bytes.data() + at, n, MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
  }
  return bytes;
}

/// Sends this rank's partial up the tree: size first, then, once the parent
/// is ready for it, the bytes.
void sendToParent(const workers::Partial& partial, int parent) {
  const std::string bytes = partial.encode();
  const std::uint64_t size = bytes.size();
  check(MPI_Send(&size, 1, MPI_UINT64_T, parent, kTagLength, MPI_COMM_WORLD), "MPI_Send");
  awaitMessage(parent, kTagGo);
  check(MPI_Recv(nullptr, 0, MPI_BYTE, parent, kTagGo, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  sendBytes(bytes, parent);
}

workers::Partial receiveFromChild(int child) {
  awaitMessage(child, kTagLength);
  std::uint64_t size = 0;
  MPI_Status status;
  check(MPI_Recv(&size, 1, MPI_UINT64_T, child, kTagLength, MPI_COMM_WORLD, &status), "MPI_Recv");
  int got = 0;
  check(MPI_Get_count(&status, MPI_UINT64_T, &got), "MPI_Get_count");
  if (got != 1 || size == 0 || size > kMaxPartialBytes) {
    abortJob("rank " + std::to_string(child) + " announced a partial of " + std::to_string(size) +
             " bytes (expected 1..." + std::to_string(kMaxPartialBytes) + ")");
  }
  check(MPI_Send(nullptr, 0, MPI_BYTE, child, kTagGo, MPI_COMM_WORLD), "MPI_Send");
  const std::string bytes = recvBytes(size, child);
  try {
    return workers::Partial::decode(bytes);
  } catch (const std::exception& e) {
    abortJob("partial from rank " + std::to_string(child) + ": " + e.what());
  }
}

/// Binomial-tree reduce: in round k (mask 2^k) a rank whose bit k is set
/// sends its partial to rank - 2^k and is done; the others merge what
/// rank + 2^k sends. log2(size) rounds; rank 0 ends with everything.
workers::Partial reduceToRoot(workers::Partial partial, int rank, int size) {
  for (int mask = 1; mask < size; mask <<= 1) {
    if (rank & mask) {
      sendToParent(partial, rank - mask);
      return {};
    }
    if (rank + mask < size) partial.merge(receiveFromChild(rank + mask));
  }
  return partial;
}

unsigned ranksOnThisNode() {
  MPI_Comm node;
  check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node),
        "MPI_Comm_split_type");
  int n = 1;
  check(MPI_Comm_size(node, &n), "MPI_Comm_size");
  MPI_Comm_free(&node);
  return static_cast<unsigned>(std::max(n, 1));
}

unsigned boundCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  return static_cast<unsigned>(CPU_COUNT(&set));
}

/// Rank 0 only: discover, plan, split. The discovery and planning errors
/// stay with rank 0, so each is reported once.
std::string planOnRoot(const AnalysisOptions& options, int ranks,
                       std::vector<workers::FileError>& errors) {
  Discovered found = discoverFiles(options.paths, options.discover);
  Plan plan = planTasks(found.files, PlanOptions{});
  errors = std::move(found.errors);
  RankPlan split{std::move(plan.work), {}};
  split.ranks = assignTasks(split.work, ranks);
  return encodeRankPlan(split);
}

RunResult runShare(const AnalysisOptions& options, const workers::TaskList& work) {
  if (work.tasks.empty()) return {};  // more ranks than tasks: nothing to start workers for
  return makePool(options.pool, options.poolOptions)->run(options.query, work);
}

/// The rank before MPI_Init, from the launcher's environment (0 if unknown).
int launcherRank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"}) {
    if (const char* v = std::getenv(name)) return std::atoi(v);
  }
  return 0;
}

}  // namespace

int runMpiAnalysis(AnalysisOptions options, bool jobsGiven) {
  if (options.query.command == workers::Command::Grep) {
    // One message for the job, from rank 0, whose exit status 2 is the job's.
    // The other ranks end quietly with 0: had they failed first, mpirun could
    // kill rank 0 before its message got out.
    if (launcherRank() != 0) return 0;
    throw std::invalid_argument(
        "grep is not supported under MPI: it prints one stream of lines in input order. Run it on "
        "one machine, or one process per file (xargs -P, a Slurm array)");
  }
  const auto start = std::chrono::steady_clock::now();
  MpiSession mpi;
  const int rank = mpi.rank();
  RunResult result;
  try {
    InterruptGuard interrupts;
    std::vector<workers::FileError> rootErrors;
    const std::string planBytes =
        broadcast(rank == 0 ? planOnRoot(options, mpi.size(), rootErrors) : std::string(), rank);
    const RankPlan plan = decodeRankPlan(planBytes, mpi.size());
    if (!jobsGiven) {
      const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
      options.poolOptions.jobs = rankJobs(cpus, boundCpus(), ranksOnThisNode());
    }
    if (rank != 0) options.poolOptions.progress = false;  // one progress line, rank 0's share
    result = runShare(options, tasksOfRank(plan, rank));
    auto& errors = result.partial.errors();
    errors.insert(errors.end(), rootErrors.begin(), rootErrors.end());
    result.partial.stats().failedFiles += rootErrors.size();
    result.partial = reduceToRoot(std::move(result.partial), rank, mpi.size());
  } catch (const Interrupted& e) {
    abortJob(e.what(), e.exitCode());
  } catch (const std::exception& e) {
    abortJob(e.what());
  }
  if (rank != 0) return 0;
  auto& errors = result.partial.errors();
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  OutputSink out;
  return printResult(options, result, start, out);
}

}  // namespace logmill::engine
