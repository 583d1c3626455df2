// Declared-bot matching (issue 15): the crawler-user-agents list compiled
// with RE2::Set (what BotList does) against Hyperscan, when the build finds
// it. Per process the cost is one load + one match per distinct agent (the
// report caches verdicts), so both are measured: compile/load alone, cold
// (a fresh set matching every agent once: RE2 builds its DFA lazily) and
// warm (steady-state match per agent).
//
// Inputs: the list ($LOGMILL_BOTS_LIST, else the pinned one install-deps.sh
// fetches into ~/.cache/logmill) and the agents file $BOTMATCH_AGENTS (one
// agent a line, written by bench/botmatch-agents.sh), plus long hostile
// agents made here.

#include <benchmark/benchmark.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "workers/parse/BotList.hpp"

#ifdef LOGMILL_HAVE_HYPERSCAN
#include <hs.h>
#endif

namespace {

using logmill::workers::BotList;

std::string listPath() {
  if (const char* env = std::getenv("LOGMILL_BOTS_LIST")) return env;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.cache/logmill/crawler-user-agents/" +
         LOGMILL_CRAWLER_LIST_VERSION + "/crawler-user-agents.json";
}

const std::vector<std::string>& patterns() {
  static const std::vector<std::string> all = [] {
    std::ifstream in(listPath());
    if (!in) throw std::runtime_error("cannot open " + listPath());
    std::vector<std::string> out;
    for (const auto& entry : nlohmann::json::parse(in)) out.push_back(entry.at("pattern"));
    return out;
  }();
  return all;
}

/// Agents no list entry was written for: long, repetitive, near-misses.
std::vector<std::string> hostileAgents() {
  std::vector<std::string> out;
  std::string s;
  for (int i = 0; i < 400; ++i) s += "Mozilla/5.0 (X11; Linux x86_64) ";
  out.push_back(s);                        // ~13 KB of browser words
  out.push_back(std::string(16384, 'a'));  // one letter
  std::string near;
  for (int i = 0; i < 1000; ++i) near += "Googlebo Bingbo crawle spide ";
  out.push_back(near);  // prefixes of crawler names
  std::string bytes;
  std::uint32_t x = 12345;
  for (int i = 0; i < 8192; ++i) {
    x = x * 1103515245u + 12345u;
    bytes += static_cast<char>(32 + (x >> 16) % 95);
  }
  out.push_back(bytes);                     // printable noise
  out.push_back(bytes + " Googlebot/2.1");  // a match at the very end
  return out;
}

const std::vector<std::string>& agents() {
  static const std::vector<std::string> all = [] {
    const char* path = std::getenv("BOTMATCH_AGENTS");
    if (!path) throw std::runtime_error("set BOTMATCH_AGENTS (bench/botmatch-agents.sh)");
    std::ifstream in(path);
    if (!in) throw std::runtime_error(std::string("cannot open ") + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }();
  return all;
}

/// Realistic agents, then the hostile ones (the counters' `agents`).
const std::vector<std::string>& allAgents() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out = agents();
    for (std::string& agent : hostileAgents()) out.push_back(std::move(agent));
    return out;
  }();
  return all;
}

/// Arg 0: the realistic agents; 1: the hostile ones.
const std::vector<std::string>& agentSet(std::int64_t which) {
  static const std::vector<std::string> hostile = hostileAgents();
  return which == 0 ? agents() : hostile;
}

// --- RE2::Set, built as BotList::compile builds it --------------------------

struct Re2Matcher {
  std::unique_ptr<RE2::Set> set;
  std::vector<int> ids;  // set index -> list index
  std::size_t rejected = 0;

  /// BotList's options by default; `neverCapture` and `maxMemMiB` are the
  /// load cuts tried.
  explicit Re2Matcher(bool neverCapture = false, std::int64_t maxMemMiB = 64) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(maxMemMiB << 20);
    options.set_never_capture(neverCapture);
    set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (std::size_t i = 0; i < patterns().size(); ++i) {
      if (set->Add(patterns()[i], nullptr) < 0) {
        ++rejected;
      } else {
        ids.push_back(static_cast<int>(i));
      }
    }
    if (!set->Compile()) throw std::runtime_error("RE2::Set::Compile failed");
  }
  /// The list index of the first pattern the agent matches, or -1.
  int match(const std::string& agent) const {
    std::vector<int> hits;
    if (!set->Match(agent, &hits) || hits.empty()) return -1;
    return ids[*std::min_element(hits.begin(), hits.end())];
  }
};

/// Args: never_capture (0/1), max_mem in MiB.
void BM_Re2Compile(benchmark::State& state) {
  std::size_t rejected = 0;
  for (auto _ : state) {
    Re2Matcher m(state.range(0) != 0, state.range(1));
    rejected = m.rejected;
    benchmark::DoNotOptimize(m.set.get());
  }
  state.counters["patterns"] = static_cast<double>(patterns().size());
  state.counters["rejected"] = static_cast<double>(rejected);
}
BENCHMARK(BM_Re2Compile)
    ->ArgNames({"never_capture", "max_mem_mib"})
    ->Args({0, 64})
    ->Args({1, 64})
    ->Args({1, 16})
    ->Unit(benchmark::kMillisecond);

/// A fresh set matching every agent once (the DFA built as it goes); the
/// verdicts are checked against BotList's options.
void BM_Re2CompileAndMatchOnce(benchmark::State& state) {
  std::vector<int> expected;
  {
    const Re2Matcher reference;
    for (const std::string& agent : allAgents()) expected.push_back(reference.match(agent));
  }
  std::size_t differ = 0;
  for (auto _ : state) {
    const Re2Matcher m(state.range(0) != 0, state.range(1));
    differ = 0;
    for (std::size_t i = 0; i < allAgents().size(); ++i) {
      differ += m.match(allAgents()[i]) != expected[i];
    }
  }
  state.counters["differ"] = static_cast<double>(differ);
}
BENCHMARK(BM_Re2CompileAndMatchOnce)
    ->ArgNames({"never_capture", "max_mem_mib"})
    ->Args({0, 64})
    ->Args({1, 64})
    ->Args({1, 16})
    ->Args({1, 8})
    ->Unit(benchmark::kMillisecond);

void BM_BotListLoad(benchmark::State& state) {
  for (auto _ : state) {
    BotList list = BotList::fromJsonFile(listPath());
    benchmark::DoNotOptimize(list.size());
  }
}
BENCHMARK(BM_BotListLoad)->Unit(benchmark::kMillisecond);

/// A process's whole bill: a fresh BotList matching every distinct agent once.
void BM_BotListLoadAndMatchOnce(benchmark::State& state) {
  for (auto _ : state) {
    BotList list = BotList::fromJsonFile(listPath());
    for (const std::string& agent : allAgents()) benchmark::DoNotOptimize(list.match(agent));
  }
  state.counters["agents"] = static_cast<double>(allAgents().size());
}
BENCHMARK(BM_BotListLoadAndMatchOnce)->Unit(benchmark::kMillisecond);

/// Times matching every agent of the set once `m` has seen each of them
/// (RE2 builds its DFA lazily; Hyperscan has nothing to warm).
template <typename Matcher>
void matchWarm(benchmark::State& state, const Matcher& m) {
  const std::vector<std::string>& set = agentSet(state.range(0));
  for (const std::string& agent : set) m.match(agent);
  std::size_t declared = 0;
  for (auto _ : state) {
    declared = 0;
    for (const std::string& agent : set) declared += m.match(agent) >= 0;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * set.size()));
  state.counters["declared"] = static_cast<double>(declared);
  state.counters["agents"] = static_cast<double>(set.size());
}

void BM_Re2MatchWarm(benchmark::State& state) {
  matchWarm(state, Re2Matcher{});
}
BENCHMARK(BM_Re2MatchWarm)->ArgName("hostile")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

#ifdef LOGMILL_HAVE_HYPERSCAN
// --- Hyperscan --------------------------------------------------------------

/// The patterns Hyperscan compiles one by one (its multi-compile fails whole).
const std::vector<int>& hsAccepted() {
  static const std::vector<int> ids = [] {
    std::vector<int> out;
    hs_platform_info_t platform;
    hs_populate_platform(&platform);
    for (std::size_t i = 0; i < patterns().size(); ++i) {
      hs_database_t* db = nullptr;
      hs_compile_error_t* error = nullptr;
      if (hs_compile(patterns()[i].c_str(), HS_FLAG_SINGLEMATCH, HS_MODE_BLOCK, &platform, &db,
                     &error) == HS_SUCCESS) {
        out.push_back(static_cast<int>(i));
        hs_free_database(db);
      } else {
        hs_free_compile_error(error);
      }
    }
    return out;
  }();
  return ids;
}

struct HsMatcher {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;

  HsMatcher() {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags;
    for (int id : hsAccepted()) {
      exprs.push_back(patterns()[static_cast<std::size_t>(id)].c_str());
      flags.push_back(HS_FLAG_SINGLEMATCH);
    }
    std::vector<unsigned> ids(hsAccepted().begin(), hsAccepted().end());
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                         &error) != HS_SUCCESS) {
      const std::string what = error->message;
      hs_free_compile_error(error);
      throw std::runtime_error("hs_compile_multi: " + what);
    }
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) throw std::runtime_error("hs scratch");
  }
  HsMatcher(const HsMatcher&) = delete;
  HsMatcher& operator=(const HsMatcher&) = delete;
  ~HsMatcher() {
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
  int match(const std::string& agent) const {
    unsigned best = std::numeric_limits<unsigned>::max();
    auto onMatch = [](unsigned id, unsigned long long, unsigned long long, unsigned,
                      void* ctx) -> int {
      unsigned& b = *static_cast<unsigned*>(ctx);
      b = std::min(b, id);
      return 0;
    };
    hs_scan(db, agent.data(), static_cast<unsigned>(agent.size()), 0, scratch, onMatch, &best);
    return best == std::numeric_limits<unsigned>::max() ? -1 : static_cast<int>(best);
  }
};

void BM_HsCompile(benchmark::State& state) {
  hsAccepted();
  for (auto _ : state) {
    HsMatcher m;
    benchmark::DoNotOptimize(m.db);
  }
  state.counters["patterns"] = static_cast<double>(patterns().size());
  state.counters["rejected"] = static_cast<double>(patterns().size() - hsAccepted().size());
}
BENCHMARK(BM_HsCompile)->Unit(benchmark::kMillisecond)->Iterations(3);

/// Loading a database serialized ahead of time (e.g. at install).
void BM_HsDeserialize(benchmark::State& state) {
  const HsMatcher m;
  char* bytes = nullptr;
  std::size_t length = 0;
  if (hs_serialize_database(m.db, &bytes, &length) != HS_SUCCESS) {
    state.SkipWithError("hs_serialize_database failed");
    return;
  }
  for (auto _ : state) {
    hs_database_t* db = nullptr;
    hs_scratch_t* scratch = nullptr;
    hs_deserialize_database(bytes, length, &db);
    hs_alloc_scratch(db, &scratch);
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
  state.counters["bytes"] = static_cast<double>(length);
  std::free(bytes);
}
BENCHMARK(BM_HsDeserialize)->Unit(benchmark::kMillisecond);

void BM_HsMatch(benchmark::State& state) {
  matchWarm(state, HsMatcher{});
}
BENCHMARK(BM_HsMatch)->ArgName("hostile")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// Compile + match every agent once: Hyperscan's bill without a stored database.
void BM_HsCompileAndMatchOnce(benchmark::State& state) {
  hsAccepted();
  for (auto _ : state) {
    const HsMatcher m;
    for (const std::string& agent : allAgents()) benchmark::DoNotOptimize(m.match(agent));
  }
}
BENCHMARK(BM_HsCompileAndMatchOnce)->Unit(benchmark::kMillisecond)->Iterations(3);

/// Agents whose first matching pattern differs between the engines, over
/// the patterns both compile (the verdicts a switch would change).
void BM_VerdictsDiffer(benchmark::State& state) {
  std::vector<bool> both(patterns().size(), false);
  {
    const Re2Matcher r;
    std::vector<bool> inRe2(patterns().size(), false);
    for (int id : r.ids) inRe2[static_cast<std::size_t>(id)] = true;
    for (int id : hsAccepted())
      both[static_cast<std::size_t>(id)] = inRe2[static_cast<std::size_t>(id)];
  }
  const Re2Matcher r;
  const HsMatcher h;
  std::size_t differ = 0;
  for (auto _ : state) {
    differ = 0;
    for (const std::string& agent : allAgents()) {
      // Compare only verdicts decided by a pattern both engines have.
      const int a = r.match(agent), b = h.match(agent);
      const bool aBoth = a >= 0 && both[static_cast<std::size_t>(a)];
      const bool bBoth = b >= 0 && both[static_cast<std::size_t>(b)];
      if ((aBoth || bBoth) && a != b) ++differ;
    }
  }
  state.counters["differ"] = static_cast<double>(differ);
  state.counters["agents"] = static_cast<double>(allAgents().size());
}
BENCHMARK(BM_VerdictsDiffer)->Unit(benchmark::kMillisecond)->Iterations(1);
#endif

}  // namespace

BENCHMARK_MAIN();
