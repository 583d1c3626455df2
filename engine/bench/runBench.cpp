#include "engine/bench/runBench.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "engine/bench/BenchChild.hpp"
#include "engine/bench/BenchPeers.hpp"
#include "engine/bench/BenchReport.hpp"
#include "engine/bench/goaccessSkippedLines.hpp"
#include "engine/output/OutputSink.hpp"
#include "engine/output/queryText.hpp"
#include "engine/runAnalysis.hpp"
#include "workers/input/gzipMagic.hpp"
#include "workers/parse/Field.hpp"
#include "workers/query/AggregateSpec.hpp"

namespace logmill::engine {
namespace fs = std::filesystem;
namespace {

/// A variant to time: its row in the report and how to run it.
struct Variant {
  BenchRow row;
  BenchCommand command;
  bool checkOutput = true;   ///< false for inflate floors (stdout goes to /dev/null)
  std::string goaccessJson;  ///< GoAccess's report, checked by its totals instead of stdout
  std::uint64_t goaccessSkipped = 0;  ///< lines GoAccess does not count (goaccessSkippedLines)
};

/// A private scratch directory, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/logmill-bench-XXXXXX";
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a scratch directory " + pattern + ": " +
                               std::strerror(errno));
    m_path = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] std::string file(std::string_view name) const {
    return m_path + "/" + std::string(name);
  }

 private:
  std::string m_path;
};

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
}

constexpr const char* kQueryNames =
    "robots|count-status|top-path|top-path-bytes|distinct-hosts|report";

/// The query as a workers::Query (for the in-process reference) and as argv.
struct QuerySpec {
  workers::Query query;
  std::vector<std::string> args;
};

QuerySpec querySpec(const std::string& name) {
  QuerySpec q;
  if (name == "robots") {
    q.query.command = workers::Command::Robots;
  } else if (name == "count-status") {
    q.query.command = workers::Command::Count;
    q.query.by = {workers::Field::Status};
  } else if (name == "top-path") {
    q.query.command = workers::Command::Top;
    q.query.by = {workers::Field::Path};
    q.query.topN = 10;
  } else if (name == "top-path-bytes") {
    q.query.command = workers::Command::Top;
    q.query.by = {workers::Field::Path};
    q.query.topN = 10;
    q.query.aggregates = workers::parseAggregates("count,sum(bytes)");
  } else if (name == "distinct-hosts") {
    q.query.command = workers::Command::Count;
    q.query.aggregates = workers::parseAggregates("distinct(host)");
  } else if (name == "report") {
    q.query.command = workers::Command::Report;
  } else {
    throw std::invalid_argument("unknown bench query '" + name + "' (" + kQueryNames + ")");
  }
  q.args = queryArgs(q.query);
  return q;
}

/// The answer every variant must reproduce, from an in-process serial run,
/// and the input sizes the report needs.
struct Reference {
  std::string output;
  workers::RunStats stats;
};

Reference referenceRun(const BenchOptions& options, const QuerySpec& spec, const ScratchDir& dir) {
  AnalysisOptions a;
  a.query = spec.query;
  a.paths = options.paths;
  a.pool = PoolKind::Serial;
  const RunResult result = analyze(a);
  if (!result.partial.errors().empty()) {
    throw std::runtime_error(result.partial.errors().front().message +
                             " (bench needs inputs that all read cleanly)");
  }
  const std::string path = dir.file("reference");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
  {
    OutputSink out(fd);
    renderResult(spec.query, result.partial, RenderOptions{}, out);
    out.flush();
  }
  ::close(fd);
  return {readFile(path), result.partial.stats()};
}

std::vector<Variant> logmillVariants(const BenchOptions& options, const QuerySpec& spec) {
  std::vector<Variant> out;
  auto add = [&](const std::string& pool, unsigned jobs) {
    Variant v;
    v.row.variant = pool == "serial" ? pool : fmt::format("{}-j{}", pool, jobs);
    v.row.pool = pool;
    v.row.jobs = jobs;
    v.command.path = options.selfExe;
    v.command.argv = {options.selfExe};
    v.command.argv.insert(v.command.argv.end(), spec.args.begin(), spec.args.end());
    for (const char* a : {"--pool", pool.c_str(), "--no-progress"}) v.command.argv.emplace_back(a);
    // The format the in-process reference renders (a report: its default, text).
    if (spec.query.command != workers::Command::Report)
      v.command.argv.insert(v.command.argv.end(), {"--format", "tsv"});
    if (pool != "serial") v.command.argv.insert(v.command.argv.end(), {"-j", std::to_string(jobs)});
    out.push_back(std::move(v));
  };
  add("serial", 1);
  for (const char* pool : {"thread", "process"}) {
    for (unsigned j : options.jobs) add(pool, j);
  }
  for (Variant& v : out)
    v.command.argv.insert(v.command.argv.end(), options.paths.begin(), options.paths.end());
  return out;
}

/// The directory holding findrobots.py and the peers' scripts.
std::optional<std::string> findBaselinesDir(const BenchOptions& options) {
  std::vector<fs::path> dirs;
  if (!options.baselinesDir.empty()) dirs.emplace_back(options.baselinesDir);
  if (const char* env = std::getenv("LOGMILL_BASELINES"); env && *env) dirs.emplace_back(env);
  const fs::path exeDir = fs::path(options.selfExe).parent_path();
  // A build tree keeps it under bench/; an installed logmill under share/logmill/bench/.
  for (const fs::path& up :
       {exeDir / "..", exeDir / ".." / "..", exeDir, exeDir / ".." / "share" / "logmill"})
    dirs.push_back(up / "bench" / "baselines");
  for (const fs::path& d : dirs) {
    if (fs::is_regular_file(d / "findrobots.py")) return fs::weakly_canonical(d).string();
  }
  return std::nullopt;
}

// pyenv and friends put a shell-script shim on PATH; asking the interpreter
// for its own path keeps the shim's start-up cost out of the baseline.
std::optional<std::string> pythonInterpreter(const ScratchDir& dir) {
  const auto shim = findOnPath("python3");
  if (!shim) return std::nullopt;
  const ChildTiming t = timeChild({*shim, {*shim, "-c", "import sys; print(sys.executable)"}, {}},
                                  dir.file("python"), "/dev/null");
  std::string exe = readFile(dir.file("python"));
  while (!exe.empty() && std::isspace(static_cast<unsigned char>(exe.back()))) exe.pop_back();
  return t.status.success() && !exe.empty() && ::access(exe.c_str(), X_OK) == 0 ? exe : *shim;
}

Variant baseline(std::string name, RowKind kind, unsigned jobs, BenchCommand command,
                 const std::vector<std::string>& files) {
  Variant v;
  v.row.variant = std::move(name);
  v.row.kind = kind;
  v.row.jobs = jobs;
  v.checkOutput = kind == RowKind::Baseline;
  v.command = std::move(command);
  v.command.argv.insert(v.command.argv.end(), files.begin(), files.end());
  return v;
}

std::vector<Variant> robotsBaselines(const BenchOptions& options,
                                     const std::vector<std::string>& files,
                                     const ScratchDir& scratch) {
  std::vector<Variant> out;
  const auto dir = findBaselinesDir(options);
  const auto script = dir ? std::optional(*dir + "/findrobots.py") : std::nullopt;
  const auto python = script ? pythonInterpreter(scratch) : std::nullopt;
  if (!script)
    std::cerr << "logmill bench: bench/baselines/findrobots.py not found (--baselines-dir)\n";
  if (python) {
    const unsigned n = options.jobs.back();
    out.push_back(baseline("python-serial", RowKind::Baseline, 1,
                           {*python, {*python, *script, "--serial"}, {}}, files));
    out.push_back(baseline(fmt::format("python-pool-j{}", n), RowKind::Baseline, n,
                           {*python, {*python, *script, "--workers", std::to_string(n)}, {}},
                           files));
  }
  const auto sh = findOnPath("sh");
  if (sh && findOnPath("zcat") && findOnPath("mawk")) {
    // A shell only for the baseline pipeline; files arrive as "$@", unquoted nowhere.
    const std::string pipeline = "zcat -- \"$@\" | mawk '$7==\"/robots.txt\"{print $1}' | sort -u";
    out.push_back(baseline("zcat-mawk-sort", RowKind::Baseline, 1,
                           {*sh, {*sh, "-c", pipeline, "sh"}, {"LC_ALL=C"}}, files));
  }
  return out;
}

// GoAccess 1.7 on the same files, the way its users run it on a log
// archive. Its report is not logmill's: its request totals are checked.
// --no-ip-validation: logmill takes %h as logged (host names too), and so
// must GoAccess to count the same lines (tests/integration/goaccess_compare.sh).
std::vector<Variant> reportBaselines(const std::vector<std::string>& files, const ScratchDir& dir) {
  const auto sh = findOnPath("sh");
  if (!sh || !findOnPath("zcat") || !findOnPath("goaccess")) {
    std::cerr << "logmill bench: goaccess not found, so no report baseline\n";
    return {};
  }
  const std::string pipeline =
      "zcat -- \"$@\" | goaccess - --log-format=COMBINED --no-ip-validation -o \"$GOACCESS_OUT\"";
  Variant v = baseline(
      "goaccess", RowKind::Baseline, 1,
      {*sh, {*sh, "-c", pipeline, "sh"}, {"GOACCESS_OUT=" + dir.file("goaccess.json")}}, files);
  v.checkOutput = false;
  v.goaccessJson = dir.file("goaccess.json");
  v.goaccessSkipped = goaccessSkippedLines(files);
  return {std::move(v)};
}

// The engines a user would pick instead, at the run's largest -j where they
// take a thread count; a peer that is not installed is named and skipped.
std::vector<Variant> peerVariants(const BenchOptions& options, const std::vector<std::string>& gz) {
  PeerPlaces places;
  places.scriptsDir = findBaselinesDir(options).value_or("");
  places.duckdbDir = options.peersDir.empty() ? defaultPeersDir() : options.peersDir;
  std::vector<std::string> skipped;
  std::vector<Variant> out;
  for (PeerCommand& peer : peerCommands(options.query, options.jobs.back(), gz, places, skipped))
    out.push_back(baseline(peer.name, RowKind::Baseline, peer.jobs, std::move(peer.command), {}));
  for (const std::string& why : skipped)
    std::cerr << "logmill bench: peer skipped: " << why << "\n";
  return out;
}

std::vector<Variant> inflateFloors(const std::vector<std::string>& files) {
  std::vector<Variant> out;
  for (const char* tool : {"gzip", "igzip", "pigz"}) {
    if (const auto exe = findOnPath(tool)) {
      out.push_back(
          baseline(std::string(tool) + "-dc", RowKind::Floor, 1, {*exe, {*exe, "-dc"}, {}}, files));
    }
  }
  return out;
}

std::vector<Variant> baselineVariants(const BenchOptions& options, const Discovered& found,
                                      const ScratchDir& dir) {
  std::vector<std::string> gz;
  std::copy_if(found.files.begin(), found.files.end(), std::back_inserter(gz),
               [](const std::string& path) { return workers::fileHasGzipMagic(path); });
  if (gz.empty()) {
    std::cerr << "logmill bench: no gzip inputs, so no baselines\n";
    return {};
  }
  if (gz.size() < found.files.size()) {
    std::cerr << "logmill bench: baselines read the " << gz.size() << " gzip inputs only ("
              << found.files.size() - gz.size() << " other files skipped)\n";
  }
  std::vector<Variant> out = options.query == "robots"   ? robotsBaselines(options, gz, dir)
                             : options.query == "report" ? reportBaselines(gz, dir)
                                                         : std::vector<Variant>{};
  if (options.peers) {
    for (Variant& v : peerVariants(options, gz)) out.push_back(std::move(v));
  }
  for (Variant& v : inflateFloors(gz)) out.push_back(std::move(v));
  return out;
}

/// Why a finished run is not acceptable, or "" if it is.
std::string checkRun(const Variant& v, const ChildTiming& t, const std::string& outPath,
                     const std::string& errPath, const Reference& expected,
                     const std::string& corrupt) {
  if (!t.status.success()) {
    std::string err = readFile(errPath);
    err = err.substr(0, err.find('\n'));
    return t.status.describe() + (err.empty() ? "" : ": " + err);
  }
  if (!v.goaccessJson.empty()) {
    if (v.row.variant == corrupt) std::ofstream(v.goaccessJson, std::ios::trunc) << "{}";
    const std::uint64_t lines = expected.stats.lines;
    return checkGoaccessTotals(v.goaccessJson, lines - std::min(lines, v.goaccessSkipped),
                               expected.stats.parsed);
  }
  if (!v.checkOutput) return "";
  if (v.row.variant == corrupt) {
    std::ofstream(outPath, std::ios::app) << "corrupted by LOGMILL_BENCH_CORRUPT\n";
  }
  const std::string got = readFile(outPath);
  if (got == expected.output) return "";
  return fmt::format("output differs from serial ({} bytes, expected {})", got.size(),
                     expected.output.size());
}

/// One run of `v`; a failed check marks the row and ends its runs.
void runOnce(Variant& v, bool timed, const Reference& expected, const ScratchDir& dir,
             const std::string& corrupt) {
  const std::string outPath = v.checkOutput ? dir.file("out") : "/dev/null";
  const std::string errPath = dir.file("err");
  const ChildTiming t = timeChild(v.command, outPath, errPath);
  v.row.peakRssMb = std::max(v.row.peakRssMb, t.peakRssMb);
  if (std::string why = checkRun(v, t, outPath, errPath, expected, corrupt); !why.empty()) {
    v.row.ok = false;
    v.row.failure = std::move(why);
  } else if (timed) {
    v.row.seconds.push_back(t.seconds);
  }
}

// Round-robin: run r of every variant comes before run r+1 of any, so when
// the machine's load drifts during a long bench it shifts all rows alike.
void measureAll(std::vector<Variant>& variants, const BenchOptions& options,
                const Reference& expected, const ScratchDir& dir) {
  const char* corruptEnv = std::getenv("LOGMILL_BENCH_CORRUPT");
  const std::string corrupt = corruptEnv ? corruptEnv : "";
  for (Variant& v : variants) v.row.command = describeCommand(v.command);
  for (unsigned run = 0; run <= options.runs; ++run) {  // run 0 is the warm-up
    for (Variant& v : variants) {
      if (v.row.ok) runOnce(v, run > 0, expected, dir, corrupt);
    }
    std::cerr << fmt::format("logmill bench: {} {}/{} done\n", run ? "run" : "warm-up", run,
                             options.runs);
  }
}

std::string commandLine(const BenchOptions& o) {
  std::string jobs;
  for (unsigned j : o.jobs) jobs += (jobs.empty() ? "" : ",") + std::to_string(j);
  std::string line =
      fmt::format("logmill bench --runs {} --jobs {} --query {}{}{}", o.runs, jobs, o.query,
                  o.noBaselines ? " --no-baselines" : "", o.peers ? " --peers" : "");
  for (const std::string& p : o.paths) line += " " + p;
  return line;
}

}  // namespace

void BenchOptions::attach(CLI::App& cmd) {
  cmd.add_option("PATH", paths, "files or directories (recursed) to analyze")->required();
  cmd.add_option("--runs", runs, "timed runs per variant, after one warm-up")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  cmd.add_option("-j,--jobs", jobs, "worker counts, e.g. 1,2,4 (default: 1..CPUs)")
      ->delimiter(',')
      ->allow_extra_args(false)  // `-j 1,2 logs/`: the directory is not a worker count
      ->check(CLI::Range(1u, 1024u));
  cmd.add_option("--query", query, kQueryNames)
      ->check(CLI::IsMember(
          {"robots", "count-status", "top-path", "top-path-bytes", "distinct-hosts", "report"}))
      ->capture_default_str();
  cmd.add_option("--json", jsonPath, "write all rows and machine info as JSON")->type_name("FILE");
  cmd.add_option("--svg", svgPath, "write an SVG chart of MB/s per worker count")
      ->type_name("FILE");
  cmd.add_flag("--no-baselines", noBaselines, "time logmill only");
  cmd.add_option("--baselines-dir", baselinesDir, "where findrobots.py and the peer scripts live")
      ->type_name("DIR");
  cmd.add_flag("--peers", peers,
               "also time DuckDB, lnav and Miller where installed (count-status, top-path, "
               "top-path-bytes, distinct-hosts; scripts/install-peers.sh), each answer checked");
  cmd.add_option("--peers-dir", peersDir,
                 "where scripts/install-peers.sh put DuckDB (default $LOGMILL_PEERS_DIR or "
                 "~/.cache/logmill/peers)")
      ->type_name("DIR");
}

int runBench(const BenchOptions& given) {
  BenchOptions options = given;
  if (std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end())
    throw std::invalid_argument("bench reads its inputs many times, so it cannot read stdin ('-')");
  if (options.jobs.empty()) {
    for (unsigned j = 1; j <= std::max(1u, std::thread::hardware_concurrency()); ++j)
      options.jobs.push_back(j);
  }
  std::sort(options.jobs.begin(), options.jobs.end());
  options.jobs.erase(std::unique(options.jobs.begin(), options.jobs.end()), options.jobs.end());

  const QuerySpec spec = querySpec(options.query);
  const ScratchDir dir;
  const Reference ref = referenceRun(options, spec, dir);  // also warms the page cache
  // Forked children inherit our resident memory into their ru_maxrss; give
  // back what the reference run freed so the RSS floor stays small.
  ::malloc_trim(0);
  std::vector<Variant> variants = logmillVariants(options, spec);
  if (!options.noBaselines) {
    for (Variant& v : baselineVariants(options, discoverFiles(options.paths, {}), dir))
      variants.push_back(std::move(v));
  }
  if (const char* c = std::getenv("LOGMILL_BENCH_CORRUPT"); c && *c) {
    const bool known = std::any_of(variants.begin(), variants.end(), [&](const Variant& v) {
      return (v.checkOutput || !v.goaccessJson.empty()) && v.row.variant == c;
    });
    if (!known)
      std::cerr << "logmill bench: LOGMILL_BENCH_CORRUPT='" << c << "' names no checked variant\n";
  }

  BenchReport report;
  report.machine = MachineInfo::detect();
  report.query = options.query;
  report.commandLine = commandLine(options);
  report.paths = options.paths;
  report.files = ref.stats.files;
  report.inputBytes = ref.stats.bytesIn;
  report.textBytes = ref.stats.bytesOut;
  report.runs = options.runs;
  if (const auto tru = findOnPath("true")) {
    report.rssFloorMb = timeChild({*tru, {*tru}, {}}, "/dev/null", "/dev/null").peakRssMb;
  }
  measureAll(variants, options, ref, dir);
  for (const Variant& v : variants) report.rows.push_back(v.row);

  report.machine.loadAfter = MachineInfo::loadAverage();
  OutputSink out;
  out.write(benchTable(report));
  out.flush();
  if (!options.jsonPath.empty()) writeFile(options.jsonPath, benchJson(report));
  if (!options.svgPath.empty()) writeFile(options.svgPath, benchSvg(report));
  return report.allOk() ? 0 : 1;
}

}  // namespace logmill::engine
