#include "engine/cli/Cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <map>
#include <thread>

#include "datasets/Generator.hpp"
#include "engine/Interrupted.hpp"
#include "engine/bench/runBench.hpp"
#include "engine/cli/commandExamples.hpp"
#include "engine/cli/completionScript.hpp"
#include "engine/cli/fieldNames.hpp"
#include "engine/cli/mpiHandoff.hpp"
#include "engine/cli/runFollowQuery.hpp"
#include "engine/cli/runStore.hpp"
#include "engine/cli/visitorMemoryEnv.hpp"
#include "engine/output/OutputSink.hpp"
#include "engine/output/textEscape.hpp"
#include "engine/StreamFeeder.hpp"
#include "engine/runAnalysis.hpp"
#include "engine/runIndex.hpp"
#include "engine/runMerge.hpp"
#include "ipc/ChildProcess.hpp"
#include "workers/input/gzipIndexFile.hpp"
#include "workers/map/Mapper.hpp"
#include "workers/parse/botFields.hpp"
#include "workers/process/runWorker.hpp"
#include "workers/query/AggregateError.hpp"
#include "workers/query/ExpressionError.hpp"
#include "workers/query/Predicate.hpp"

namespace logmill::engine {
namespace {

using workers::Command;

/// A usage problem found after CLI11's own checks (exit 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Counts and seconds: digits only, so "-1" is refused the same way for
/// every numeric option, rather than wrapping to 2^64-1 (-n) or failing
/// conversion with a vaguer message (--task-timeout).
const CLI::Validator kWholeNumber(
    [](const std::string& value) {
      if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos)
        return std::string();
      return "expected a whole number >= 0, not '" + value + "'";
    },
    "", "whole number");

/// parse(), a library std::invalid_argument turned into a usage error that
/// names the flag the text came from (the library never knows its flags).
template <typename Parse>
auto parseFlag(std::string_view flag, Parse parse) {
  try {
    return parse();
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(flag) + ": " + e.what());
  }
}

/// --task-timeout 0: a watchdog that never fires. A century, not
/// seconds::max(), so the pool's nanosecond clock arithmetic cannot overflow.
constexpr std::chrono::seconds kNoTaskTimeout = std::chrono::hours(24 * 365 * 100);

/// Flags shared by every analysis command, parsed into `o`.
struct AnalysisFlags {
  AnalysisOptions o;
  std::string pool = "process";
  std::string format;
  std::string by;
  std::string agg, bucket;  // --agg, --bucket (count/top)
  std::string jsonFields;   // --json-fields
  bool progress = false, noProgress = false;
  bool csvRaw = false;
  bool mpi = false;
  CLI::Option* jobs = nullptr;
  CLI::Option* poolOption = nullptr;
  unsigned taskTimeout = 600;
  std::string indexDir;  // --index-dir (default: the user's cache)
  std::string botsList;  // --bots-list (default: botFields.hpp's search)
  bool noIndex = false;
  StoreQueryFlags storeQuery;  // --from/--to; report: --store (direct runs only)

  void attach(CLI::App& cmd, Command command) {
    o.query.command = command;
    o.poolOptions.jobs = std::max(1u, std::thread::hardware_concurrency());
    cmd.add_option("PATH", o.paths, "files, directories (recursed) or - for stdin")->required();
    poolOption =
        cmd.add_option("--pool", pool,
                       "process|thread|serial (neither --pool nor -j: inputs under " +
                           std::to_string(kMinShareBytes >> 20) + " MB of text run in-process)")
            ->check(CLI::IsMember({"process", "thread", "serial"}))
            ->capture_default_str();
    jobs = cmd.add_option("-j,--jobs", o.poolOptions.jobs, "workers (default: CPUs)")
               ->check(CLI::Range(1u, 1024u));
    if (command == Command::Report) {
      cmd.add_option("--format", format, "text|json|html (default: text)")
          ->check(CLI::IsMember({"text", "json", "html"}));
      cmd.add_option("-n", o.query.topN, "rows per panel")
          ->check(kWholeNumber)
          ->capture_default_str();
      cmd.add_option("-o,--output", o.render.report.outputPath,
                     "write the report to FILE, not stdout")
          ->type_name("FILE");
    } else {
      cmd.add_option("--format", format,
                     command == Command::Grep
                         ? "table|tsv: raw lines (control bytes escaped on a terminal)"
                         : "table|tsv|csv|json (default: table on a terminal, tsv otherwise)")
          ->check(CLI::IsMember({"table", "tsv", "csv", "json"}));
    }
    if (command != Command::Report && command != Command::Grep) {
      cmd.add_flag("--csv-raw", csvRaw,
                   "CSV cells exactly as logged: no ' before a leading = + - @ (formula guard)");
    }
    cmd.add_flag("--header", o.render.header, "print a header line in TSV output");
    cmd.add_option("--log-format", o.query.logFormat,
                   "auto|combined|common|nginx|vhost_combined|json|'<Apache LogFormat>'|'<nginx "
                   "log_format>'")
        ->capture_default_str();
    cmd.add_option("--json-fields", jsonFields,
                   "json: the keys of fields no known layout names, e.g. "
                   "host=client.ip,time=ts,status=code (nested keys with dots)")
        ->type_name("FIELD=KEY,...");
    auto* where = cmd.add_option("--where", o.query.where,
                                 "filter, e.g. 'status >= 500 and path ~ \"^/api/\"'");
    if (command == Command::Grep) where->required();
    cmd.add_flag("--stats", o.stats, "a run summary on stderr");
    cmd.add_option("--bots-list", botsList,
                   "crawler-user-agents JSON for the bot fields (default: $LOGMILL_BOTS_LIST, "
                   "then the pinned list install-deps.sh puts in ~/.cache/logmill)")
        ->type_name("FILE");
    cmd.add_flag("--progress", progress, "progress on stderr");
    cmd.add_flag("--no-progress", noProgress, "no progress on stderr");
    cmd.add_option("--include", o.discover.include, "only files whose name matches GLOB")
        ->type_name("GLOB");
    cmd.add_option("--exclude", o.discover.exclude, "skip files whose name matches GLOB")
        ->type_name("GLOB");
    if (command != Command::Grep) {
      cmd.add_option("--emit-partial", o.emitPartial,
                     "write the partial aggregate to FILE instead of printing (see merge)")
          ->type_name("FILE");
    }
    cmd.add_flag("--mpi", mpi, "run as a rank of an MPI job (automatic under mpirun)");
    cmd.add_option("--task-timeout", taskTimeout,
                   "seconds without progress before a worker is replaced; 0: never")
        ->check(kWholeNumber)
        ->capture_default_str();
    attachIndexFlags(cmd);
    if (command == Command::Count || command == Command::Top) {
      auto* byOpt = cmd.add_option("--by", by, "group by FIELD[,FIELD...]");
      if (command == Command::Top) byOpt->required();
      cmd.add_option(
             "--agg", agg,
             "columns: count,sum(F),avg(F),min(F),max(F),distinct(F),p50(F),p90(F),p95(F),"
             "p99(F) (any pNN); default count. top ranks by the first. `-` bytes are skipped")
          ->type_name("LIST");
      cmd.add_option("--bucket", bucket,
                     "a leading `bucket` key: the UTC start of WIDTH (30s, 5m, 1h, 1d)")
          ->type_name("WIDTH");
      cmd.add_flag("--approx", o.query.approxDistinct,
                   "distinct() by HyperLogLog (16 KB a group at most; standard error 0.81%)");
    }
    if (command == Command::Top) {
      cmd.add_option("-n", o.query.topN, "how many groups")
          ->check(kWholeNumber)
          ->capture_default_str();
    }
  }

  /// --bots-list: checked here (exit 2 naming the file), then handed to
  /// this process and its workers through the environment.
  void useBotList() {
    try {
      (void)workers::BotList::fromJsonFile(botsList);
    } catch (const workers::BotListError& e) {
      throw UsageError(std::string("--bots-list: ") + e.what());
    }
    ::setenv(workers::kBotListEnv, botsList.c_str(), 1);
  }

  void attachIndexFlags(CLI::App& cmd) {
    cmd.add_option("--index-dir", indexDir,
                   "gzip index cache (default: $XDG_CACHE_HOME/logmill/index or ~/.cache/...)")
        ->type_name("DIR");
    cmd.add_flag("--no-index", noIndex, "neither read nor write gzip indexes");
    cmd.add_option("--split-size", o.plan.splitBytes,
                   "split files holding more text than this (plain; gzip by index or BGZF member)")
        ->transform(CLI::AsSizeValue(false))
        ->type_name("SIZE")
        ->default_str("64MiB");
    cmd.add_option("--ring-size", o.poolOptions.ringBytes,
                   "memory for the blocks of an input read by one producer and fanned out to "
                   "the workers (stdin, a FIFO, a gzip file without an index)")
        ->transform(CLI::AsSizeValue(false))
        ->type_name("SIZE")
        ->default_str("64MiB");
  }

  AnalysisOptions finish() {
    static const std::map<std::string, PoolKind> kPools = {
        {"process", PoolKind::Process}, {"thread", PoolKind::Thread}, {"serial", PoolKind::Serial}};
    static const std::map<std::string, OutputFormat> kFormats = {{"table", OutputFormat::Table},
                                                                 {"tsv", OutputFormat::Tsv},
                                                                 {"csv", OutputFormat::Csv},
                                                                 {"json", OutputFormat::Json}};
    o.pool = kPools.at(pool);
    if (o.query.command == Command::Grep && (format == "json" || format == "csv")) {
      // grep's output is the log lines themselves; a table format would
      // have to invent columns. JSON lines: `logmill grep ... | jq -R .`.
      throw UsageError(
          "grep prints raw log lines; --format " + format +
          " is for robots, count and top (for JSON strings: logmill grep ... | jq -R .)");
    }
    o.render.terminal = ::isatty(1) == 1;
    o.render.csvRaw = csvRaw;
    if (o.query.command == Command::Report) {
      static const std::map<std::string, ReportFormat> kReportFormats = {
          {"text", ReportFormat::Text}, {"json", ReportFormat::Json}, {"html", ReportFormat::Html}};
      o.render.report.format = format.empty() ? ReportFormat::Text : kReportFormats.at(format);
    } else {
      o.render.format = format.empty() ? (::isatty(1) ? OutputFormat::Table : OutputFormat::Tsv)
                                       : kFormats.at(format);
    }
    o.poolOptions.progress = progress || (!noProgress && ::isatty(2));
    o.poolOptions.taskTimeout =
        taskTimeout == 0 ? kNoTaskTimeout : std::chrono::seconds(taskTimeout);
    o.poolOptions.selfExe = ipc::selfExePath();
    if (o.plan.splitBytes == 0) throw UsageError("--split-size must be more than 0");
    if (o.poolOptions.ringBytes < kMinRingBytes || o.poolOptions.ringBytes > kMaxRingBytes) {
      throw UsageError("--ring-size must be between 4MiB and 4GiB");
    }
    o.plan.gzipIndexDir = noIndex ? "" : indexDir.empty() ? workers::defaultGzipIndexDir() : indexDir;
    // Asked for a pool or a job count: honoured however small the input.
    if (poolOption->count() == 0 && jobs->count() == 0) o.minShareBytes = kMinShareBytes;
    if (!jsonFields.empty()) {
      o.query.logFormat =
          parseFlag("--json-fields", [&] { return withJsonFields(o.query.logFormat, jsonFields); });
    }
    for (std::size_t start = 0; !by.empty() && start <= by.size();) {
      const std::size_t comma = std::min(by.find(',', start), by.size());
      const std::string name = by.substr(start, comma - start);
      const auto field = scopeOf(o.query.logFormat).find(name);
      if (!field) throw UsageError(unknownByField(name, o.query.logFormat));
      o.query.by.push_back(*field);
      start = comma + 1;
    }
    if (!agg.empty()) {
      o.query.aggregates = parseFlag(
          "--agg", [&] { return workers::parseAggregates(agg, &scopeOf(o.query.logFormat)); });
    }
    if (!bucket.empty()) {
      o.query.bucketSeconds = parseFlag("--bucket", [&] { return workers::parseBucket(bucket); });
    }
    storeQuery.apply(o.query);
    if (!botsList.empty()) useBotList();
    workers::Mapper validate(o.query);  // a bad --where or --log-format fails before any work
    return o;
  }
};

/// A direct run, or one rank of an MPI job (in `logmill-mpi`: `mpi`).
int runAnalysisCommand(AnalysisFlags& flags, MpiRunner mpi, char** argv) {
  AnalysisOptions options = flags.finish();
  if (flags.storeQuery.follow) return runFollowQuery(options, flags.storeQuery);
  if (!flags.storeQuery.store.empty()) return runStoreQuery(options, flags.storeQuery);
  if (options.paths.empty()) {
    throw UsageError(std::string(workers::commandName(options.query.command)) +
                     " needs a PATH, or --store FILE");
  }
  if (!flags.mpi && !startedByMpiLauncher()) return runAnalysis(options);
  if (!mpi) execMpiBinary(mpiBinaryBeside(options.poolOptions.selfExe), argv);
  options.poolOptions.selfExe = workerBinaryBeside(options.poolOptions.selfExe);
  // mpirun gives ranks a pseudo-terminal whatever its own output is, so
  // isatty says nothing: the piped defaults (tsv, no progress) unless asked.
  if (flags.format.empty()) options.render.format = OutputFormat::Tsv;
  options.poolOptions.progress = flags.progress;
  return mpi(options, flags.jobs->count() > 0);
}

int runGen(const datasets::GenOptions& options) {
  const datasets::AnswerKey key = datasets::generate(options);
  std::cerr << "logmill: wrote " << key.files.size() << " files (" << key.lines << " lines) and "
            << options.dir << "/" << datasets::kAnswerKeyFile << "\n";
  return 0;
}

/// Whether `command`'s flags must be built for this command line: only the
/// command being run (always argv[1]: there are no global options before
/// it) and `completions` need them. Building all nine analysis flag sets
/// costs ~0.5 ms CPU a run; `--help` and `--version` list the commands only.
bool needsFlags(int argc, char** argv, std::string_view command) {
  if (argc < 2) return false;
  const std::string_view first = argv[1];
  return first == command || first == "completions";
}

int dispatch(int argc, char** argv, MpiRunner mpi) {
  applyVisitorMemoryEnv();  // before any report exists, in workers too
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
  // CLI11 echoes the offending argument; it may hold anything.
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    return messageEscaped(CLI::FailureMessage::simple(a, e));
  });

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
    if (needsFlags(argc, argv, workers::commandName(command))) {
      flags[command].attach(*sub, command);
      const bool fromStore = storeAnswers(command);
      flags[command].storeQuery.attach(*sub, fromStore);
      if (fromStore) {
        sub->get_option("PATH")->required(false);  // or --store
        // PATH no longer being required, a glob list would eat it: one GLOB a flag.
        for (const char* glob : {"--include", "--exclude"}) {
          sub->get_option(glob)->allow_extra_args(false);
        }
      }
    }
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
    if (command == Command::Grep || !needsFlags(argc, argv, "merge")) continue;
    CLI::App* sub = mergeCmd->add_subcommand(std::string(workers::commandName(command)), help);
    mergeFlags[command].attach(*sub, command);
    sub->get_option("PATH")->description("partial files written by --emit-partial");
    sub->footer(commandExamples("merge " + std::string(workers::commandName(command))));
    mergeOf[sub] = command;
  }

  datasets::GenOptions gen;
  CLI::App* genCmd =
      app.add_subcommand("gen", "write a deterministic synthetic dataset and its answer key");
  genCmd->add_option("DIR", gen.dir, "output directory")->required();
  genCmd->add_option("--files", gen.files, "number of files")
      ->check(kWholeNumber)
      ->capture_default_str();
  genCmd->add_option("--lines", gen.linesPerFile, "lines per file")
      ->check(kWholeNumber)
      ->capture_default_str();
  genCmd->add_option("--seed", gen.seed, "random seed")->check(kWholeNumber)->capture_default_str();
  genCmd->add_option("--gzip-level", gen.gzipLevel, "gzip level 1-9")->check(CLI::Range(1, 9));
  std::string genLogFormat = "combined";
  genCmd
      ->add_option("--log-format", genLogFormat,
                   "the format the lines are written in (the same requests and answer key in each)")
      ->check(CLI::IsMember({"combined", "alb", "elb", "s3", "cloudfront", "w3c", "haproxy", "json"}))
      ->capture_default_str();
  genCmd
      ->add_option("--robots-percent", gen.robotsPercent,
                   "add this share of lines (per cent) as crawlers fetching /robots.txt")
      ->check(CLI::Range(0, 90));
  genCmd->footer(commandExamples("gen"));

  IndexOptions index;
  bool indexNoProgress = false;
  CLI::App* indexCmd = app.add_subcommand("index", "build (or --check) gzip checkpoint indexes");
  indexCmd->add_option("PATH", index.paths, "gzip files or directories (recursed)")->required();
  indexCmd->add_flag("--check", index.check, "verify the indexes instead; exit 1 naming bad ones");
  indexCmd->add_option("--index-dir", index.indexDir, "the index cache (default: ~/.cache/...)")
      ->type_name("DIR");
  indexCmd->add_flag("--progress", index.progress, "progress on stderr");
  indexCmd->add_flag("--no-progress", indexNoProgress, "no progress on stderr");
  indexCmd->footer(commandExamples("index"));

  BenchOptions bench;
  CLI::App* benchCmd =
      app.add_subcommand("bench", "time serial/thread/process pools (and baselines) on PATHs");
  bench.attach(*benchCmd);
  benchCmd->footer(commandExamples("bench"));

  StoreCommands storeCommands(app);

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
    if (sub->parsed()) return runAnalysisCommand(flags[command], mpi, argv);
  }
  for (const auto& [sub, command] : mergeOf) {
    if (sub->parsed()) return runMerge(mergeFlags[command].finish());
  }
  if (const std::optional<int> rc = storeCommands.runParsed()) return *rc;
  if (genCmd->parsed()) {
    gen.style = datasets::logStyleNamed(genLogFormat).value_or(datasets::LogStyle::Combined);
    return runGen(gen);
  }
  if (indexCmd->parsed()) {
    if (index.indexDir.empty()) index.indexDir = workers::defaultGzipIndexDir();
    if (index.indexDir.empty()) throw UsageError("no cache directory: give --index-dir DIR");
    index.progress = index.progress || (!indexNoProgress && ::isatty(2));
    return runIndex(index);
  }
  if (benchCmd->parsed()) {
    bench.selfExe = ipc::selfExePath();
    return runBench(bench);
  }
  if (completionsCmd->parsed()) {
    std::cout << completionScript(app, shell);
    return 0;
  }
  return 2;
}

}  // namespace

int runCli(int argc, char** argv, MpiRunner mpi) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE, handled as a quiet end
  try {
    return dispatch(argc, argv, mpi);
  } catch (const OutputClosed&) {
    return 0;
  } catch (const Interrupted& e) {
    return e.exitCode();
  } catch (const workers::ExpressionError& e) {
    // Multi-line (the expression, a caret under the problem): each line
    // escaped, the line breaks kept.
    std::cerr << "logmill: " << messageEscaped(e.explain("--where")) << "\n";
    return 2;
  } catch (const workers::AggregateError& e) {
    std::cerr << "logmill: --agg: " << messageEscaped(e.what()) << "\n";
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "logmill: " << messageEscaped(e.what()) << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "logmill: " << messageEscaped(e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "logmill: " << controlEscaped(e.what()) << "\n";
    return 1;
  }
}

}  // namespace logmill::engine
