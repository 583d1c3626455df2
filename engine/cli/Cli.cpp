#include "engine/cli/Cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <map>
#include <thread>

#include "datasets/Generator.hpp"
#include "engine/Interrupted.hpp"
#include "engine/MpiRun.hpp"
#include "engine/output/OutputSink.hpp"
#include "engine/runAnalysis.hpp"
#include "engine/bench/runBench.hpp"
#include "engine/cli/commandExamples.hpp"
#include "engine/cli/completionScript.hpp"
#include "engine/runMerge.hpp"
#include "workers/process/runWorker.hpp"
#include "engine/output/textEscape.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/query/Predicate.hpp"

namespace logmill::engine {
namespace {

using workers::Command;

/// A usage problem found after CLI11's own checks (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string selfExe() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw std::runtime_error("cannot find the logmill binary via /proc/self/exe");
  return std::string(buf, static_cast<std::size_t>(n));
}

/// Flags shared by every analysis command, parsed into `o`.
struct AnalysisFlags {
  AnalysisOptions o;
  std::string pool = "process";
  std::string format;
  std::string by;
  std::string agg, bucket;  // --agg, --bucket (count/top)
  bool progress = false, noProgress = false;
  bool mpi = false;
  CLI::Option* jobs = nullptr;
  unsigned taskTimeout = 600;

  void attach(CLI::App& cmd, Command command) {
    o.query.command = command;
    o.poolOptions.jobs = std::max(1u, std::thread::hardware_concurrency());
    cmd.add_option("PATH", o.paths, "files, directories (recursed) or - for stdin")->required();
    cmd.add_option("--pool", pool, "process|thread|serial")
        ->check(CLI::IsMember({"process", "thread", "serial"}))
        ->capture_default_str();
    jobs = cmd.add_option("-j,--jobs", o.poolOptions.jobs, "workers (default: CPUs)")
        ->check(CLI::Range(1u, 1024u));
    if (command == Command::Report) {
      cmd.add_option("--format", format, "text|json|html (default: text)")
          ->check(CLI::IsMember({"text", "json", "html"}));
      cmd.add_option("-n", o.query.topN, "rows per panel")->capture_default_str();
      cmd.add_option("-o,--output", o.render.report.outputPath,
                     "write the report to FILE, not stdout")
          ->type_name("FILE");
    } else {
      cmd.add_option("--format", format, "table|tsv|csv|json (default: table on a terminal, tsv otherwise)")
          ->check(CLI::IsMember({"table", "tsv", "csv", "json"}));
    }
    cmd.add_flag("--header", o.render.header, "print a header line in TSV output");
    cmd.add_option(
           "--log-format", o.query.logFormat,
           "auto|combined|common|nginx|vhost_combined|'<Apache LogFormat>'|'<nginx log_format>'")
        ->capture_default_str();
    auto* where = cmd.add_option("--where", o.query.where, "filter, e.g. 'status >= 500 and path ~ \"^/api/\"'");
    if (command == Command::Grep) where->required();
    cmd.add_flag("--stats", o.stats, "a run summary on stderr");
    cmd.add_flag("--progress", progress, "progress on stderr");
    cmd.add_flag("--no-progress", noProgress, "no progress on stderr");
    cmd.add_option("--include", o.discover.include, "only files whose name matches GLOB")->type_name("GLOB");
    cmd.add_option("--exclude", o.discover.exclude, "skip files whose name matches GLOB")->type_name("GLOB");
    if (command != Command::Grep) {
      cmd.add_option("--emit-partial", o.emitPartial,
                     "write the partial aggregate to FILE instead of printing (see merge)")
          ->type_name("FILE");
    }
    cmd.add_flag("--mpi", mpi, "run as a rank of an MPI job (automatic under mpirun)");
    cmd.add_option("--task-timeout", taskTimeout, "seconds without progress before a worker is replaced")
        ->capture_default_str();
    if (command == Command::Count || command == Command::Top) {
      auto* byOpt = cmd.add_option("--by", by, "group by FIELD[,FIELD...]");
      if (command == Command::Top) byOpt->required();
      cmd.add_option("--agg", agg,
                     "columns: count,sum(F),avg(F),min(F),max(F),distinct(F),p50(F),p90(F),p95(F),"
                     "p99(F) (any pNN); default count. top ranks by the first. `-` bytes are skipped")
          ->type_name("LIST");
      cmd.add_option("--bucket", bucket, "a leading `bucket` key: the UTC start of WIDTH (30s, 5m, 1h, 1d)")
          ->type_name("WIDTH");
      cmd.add_flag("--approx", o.query.approxDistinct,
                   "distinct() by HyperLogLog (16 KB a group at most; standard error 0.81%)");
    }
    if (command == Command::Top) {
      cmd.add_option("-n", o.query.topN, "how many groups")->capture_default_str();
    }
  }

  AnalysisOptions finish() {
    static const std::map<std::string, PoolKind> kPools = {
        {"process", PoolKind::Process}, {"thread", PoolKind::Thread}, {"serial", PoolKind::Serial}};
    static const std::map<std::string, OutputFormat> kFormats = {{"table", OutputFormat::Table},
                                                                 {"tsv", OutputFormat::Tsv},
                                                                 {"csv", OutputFormat::Csv},
                                                                 {"json", OutputFormat::Json}};
    o.pool = kPools.at(pool);
    if (o.query.command == Command::Report) {
      static const std::map<std::string, ReportFormat> kReportFormats = {
          {"text", ReportFormat::Text}, {"json", ReportFormat::Json}, {"html", ReportFormat::Html}};
      o.render.report.format = format.empty() ? ReportFormat::Text : kReportFormats.at(format);
    } else {
      o.render.format = format.empty() ? (::isatty(1) ? OutputFormat::Table : OutputFormat::Tsv)
                                       : kFormats.at(format);
    }
    o.poolOptions.progress = progress || (!noProgress && ::isatty(2));
    o.poolOptions.taskTimeout = std::chrono::seconds(taskTimeout);
    o.poolOptions.selfExe = selfExe();
    for (std::size_t start = 0; !by.empty() && start <= by.size();) {
      const std::size_t comma = std::min(by.find(',', start), by.size());
      const std::string name = by.substr(start, comma - start);
      const auto field = workers::fieldFromName(name);
      if (!field) throw UsageError("unknown field '" + name + "' in --by");
      o.query.by.push_back(*field);
      start = comma + 1;
    }
    if (!agg.empty()) o.query.aggregates = workers::parseAggregates(agg);
    if (!bucket.empty()) o.query.bucketSeconds = workers::parseBucket(bucket);
    workers::Mapper validate(o.query);  // a bad --where or --log-format fails before any work
    return o;
  }
};

/// A direct run, or one rank of an MPI job.
int runAnalysisCommand(AnalysisFlags& flags) {
  AnalysisOptions options = flags.finish();
  if (!flags.mpi && !startedByMpiLauncher()) return runAnalysis(options);
  // mpirun gives ranks a pseudo-terminal whatever its own output is, so
  // isatty says nothing: the piped defaults (tsv, no progress) unless asked.
  if (flags.format.empty()) options.render.format = OutputFormat::Tsv;
  options.poolOptions.progress = flags.progress;
  return runMpiAnalysis(options, flags.jobs->count() > 0);
}

int runGen(const datasets::GenOptions& options) {
  const datasets::AnswerKey key = datasets::generate(options);
  std::cerr << "logmill: wrote " << key.files.size() << " files (" << key.lines << " lines) and "
            << options.dir << "/" << datasets::kAnswerKeyFile << "\n";
  return 0;
}

int dispatch(int argc, char** argv) {
  // The process pool starts workers with an argv built by ipc/WorkerProtocol,
  // and it is parsed there too, before any of the user-facing CLI is set up.
  if (argc >= 2 && std::string_view(argv[1]) == "worker") {
    const std::vector<std::string> options(argv + 2, argv + argc);
    return workers::runWorker(ipc::WorkerArgs::parse(options));
  }
  CLI::App app{"logmill: batch analysis of web-server access logs (gzip or plain; Apache/Nginx)",
               "logmill"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "logmill " LOGMILL_VERSION);

  std::map<Command, AnalysisFlags> flags;
  const std::pair<Command, const char*> kAnalyses[] = {
      {Command::Robots, "distinct hosts that requested /robots.txt, one per line, sorted"},
      {Command::Count, "request counts grouped by --by FIELD[,FIELD...]; no --by: one total"},
      {Command::Top, "the N largest groups: --by FIELD[,FIELD...] -n N"},
      {Command::Report, "every panel of a GoAccess-style report (--format text|json|html)"},
      {Command::Grep, "the raw lines that pass --where, in input order within each file"},
  };
  std::map<CLI::App*, Command> analysisOf;
  for (const auto& [command, help] : kAnalyses) {
    CLI::App* sub = app.add_subcommand(std::string(workers::commandName(command)), help);
    flags[command].attach(*sub, command);
    sub->footer(commandExamples(workers::commandName(command)));
    analysisOf[sub] = command;
  }

  // merge COMMAND [options] FILE...: the command's own flags, so the query
  // (and --agg, --format...) is spelled exactly as for a direct run.
  CLI::App* mergeCmd = app.add_subcommand(
      "merge", "reduce --emit-partial files; print as one direct run over all their inputs");
  mergeCmd->require_subcommand(1);
  mergeCmd->footer(commandExamples("merge"));
  std::map<Command, AnalysisFlags> mergeFlags;
  std::map<CLI::App*, Command> mergeOf;
  for (const auto& [command, help] : kAnalyses) {
    if (command == Command::Grep) continue;
    CLI::App* sub = mergeCmd->add_subcommand(std::string(workers::commandName(command)), help);
    mergeFlags[command].attach(*sub, command);
    sub->get_option("PATH")->description("partial files written by --emit-partial");
    sub->footer(commandExamples("merge " + std::string(workers::commandName(command))));
    mergeOf[sub] = command;
  }

  datasets::GenOptions gen;
  CLI::App* genCmd = app.add_subcommand("gen", "write a deterministic synthetic dataset and its answer key");
  genCmd->add_option("DIR", gen.dir, "output directory")->required();
  genCmd->add_option("--files", gen.files, "number of files")->capture_default_str();
  genCmd->add_option("--lines", gen.linesPerFile, "lines per file")->capture_default_str();
  genCmd->add_option("--seed", gen.seed, "random seed")->capture_default_str();
  genCmd->add_option("--gzip-level", gen.gzipLevel, "gzip level 1-9")->check(CLI::Range(1, 9));
  genCmd->footer(commandExamples("gen"));

  BenchOptions bench;
  CLI::App* benchCmd =
      app.add_subcommand("bench", "time serial/thread/process pools (and baselines) on PATHs");
  bench.attach(*benchCmd);
  benchCmd->footer(commandExamples("bench"));

  // Hidden: the build writes the installed scripts with it; users may run it.
  std::string shell;
  CLI::App* completionsCmd = app.add_subcommand(
      "completions", "print the completion script for SHELL (bash, zsh or fish)");
  completionsCmd->add_option("SHELL", shell, "bash|zsh|fish")
      ->required()
      ->check(CLI::IsMember(
          std::vector<std::string>(kCompletionShells.begin(), kCompletionShells.end())));
  completionsCmd->group("");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  for (const auto& [sub, command] : analysisOf) {
    if (sub->parsed()) return runAnalysisCommand(flags[command]);
  }
  for (const auto& [sub, command] : mergeOf) {
    if (sub->parsed()) return runMerge(mergeFlags[command].finish());
  }
  if (genCmd->parsed()) return runGen(gen);
  if (benchCmd->parsed()) {
    bench.selfExe = selfExe();
    return runBench(bench);
  }
  if (completionsCmd->parsed()) {
    std::cout << completionScript(app, shell);
    return 0;
  }
  return 2;
}

}  // namespace

int runCli(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE, handled as a quiet end
  try {
    return dispatch(argc, argv);
  } catch (const OutputClosed&) {
    return 0;
  } catch (const Interrupted& e) {
    return e.exitCode();
  } catch (const workers::ExpressionError& e) {
    std::cerr << "logmill: " << e.what() << "\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "logmill: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "logmill: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "logmill: " << controlEscaped(e.what()) << "\n";
    return 1;
  }
}

}  // namespace logmill::engine
