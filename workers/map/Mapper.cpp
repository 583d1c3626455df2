#include "workers/map/Mapper.hpp"

#include <algorithm>

#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/map/GroupStager.hpp"
#include "workers/parse/FieldMask.hpp"
#include "workers/parse/FieldScope.hpp"
#include "workers/parse/LineParser.hpp"
#include "workers/parse/NamedField.hpp"
#include "workers/query/AggregateMapper.hpp"
#include "workers/query/GroupKey.hpp"
#include "workers/query/Predicate.hpp"

namespace logmill::workers {
namespace {
constexpr std::string_view kRobotsPath = "/robots.txt";

/// False only if no parse of this line can give path /robots.txt: the path
/// is the request itself or follows its first space (a method is at most 32
/// bytes), unless the format fills it directly (%U), which a masked parse
/// also does. Most lines fail here and never have their request split.
[[nodiscard]] bool mayRequestRobots(const LogRecord& record) {
  const std::string_view request = record.request;
  if (record.path == kRobotsPath || request.starts_with(kRobotsPath)) return true;
  constexpr std::size_t kMethodLimit = 33;
  const std::size_t limit = std::min(request.size(), kMethodLimit);
  for (std::size_t i = 0; i < limit; ++i) {
    if (request[i] == ' ') return request.substr(i + 1).starts_with(kRobotsPath);
  }
  return false;
}
/// A range that does not start the file starts without the directives at
/// the top of the file (W3C `#Fields:`): `parser` reads them from there.
/// Directives further down, before the range, are not seen (a known limit
/// for W3C files split into ranges whose layout changes mid-file). True if
/// the file starts with one.
bool readHeader(const std::string& path, ByteRange range, ReaderOptions options,
                LineParser& parser) {
  options.inflateObserver = nullptr;  // a partial read must not feed an index
  options.windowBytes = std::size_t{64} << 10;
  LineReader header(path, ByteRange{0, range.begin}, options);
  LogRecord record;
  std::string_view line;
  bool any = false;
  while (header.next(line) && line.starts_with('#')) {
    (void)parser.read(line, record, FieldMask::all());
    any = true;
  }
  return any;
}

}  // namespace

struct Mapper::Impl {
  Query query;
  Predicate predicate;
  std::vector<Field> keyFields;
  std::string key;  // reused for every line: no allocation per line
  ProgressFn progress;
  LineFn onMatch;
  std::unique_ptr<AggregateMapper> aggregate;  // --agg / --bucket; null for plain counts
  GroupStager groups;                          // plain counts' keys, a few lines behind

  std::vector<Field> namedFields;  // a format's own fields the query reads

  explicit Impl(const Query& q) : query(q), predicate(wherePredicate(q)) {
    keyFields = q.command == Command::Robots ? std::vector<Field>{Field::Host} : q.by;
    if ((q.command == Command::Count || q.command == Command::Top) && usesAggregates(q)) {
      aggregate = std::make_unique<AggregateMapper>(q);
    }
    namedFields = predicate.fields();
    namedFields.insert(namedFields.end(), keyFields.begin(), keyFields.end());
    for (const AggregateSpec& a : q.aggregates) namedFields.push_back(a.field);
    std::erase_if(namedFields, [](Field f) { return !isNamedField(f); });
  }

  static Predicate wherePredicate(const Query& q) {
    const FieldScope scope(q.logFormat);  // rejects a bad --log-format before any work
    return Predicate(q.where, &scope);
  }

  /// `headed`: the file starts with directives (read by readHeader).
  void mapLines(LineReader& reader, LineParser& parser, Partial& into, bool headed) {
    // Lines staged by the aggregate or the groups are applied even when reading stops on
    // damage: the lines before it still count.
    try {
      mapEachLine(reader, parser, into, headed);
    } catch (...) {
      flushStaged(into);
      throw;
    }
    flushStaged(into);
  }

  void flushStaged(Partial& into) {
    groups.flush(into);
    if (aggregate) aggregate->flush(into.aggregates());
  }

  void mapEachLine(LineReader& reader, LineParser& parser, Partial& into, bool headed) {
    RunStats& stats = into.stats();
    const bool robots = query.command == Command::Robots;
    const bool filter = !predicate.matchesAll();
    const bool grouped = !keyFields.empty();
    // Only what the query reads is extracted; validity (and so the malformed
    // count) never depends on it.
    FieldMask needed = fieldMaskFor(keyFields);
    if (filter) needed |= predicate.fieldMask();
    if (robots) needed |= FieldMask::kRequest;
    // A report reads every field; its section exists even when nothing matches.
    ReportAggregate* report = query.command == Command::Report ? &into.report() : nullptr;
    if (report) needed = FieldMask::all();
    if (aggregate) needed |= aggregate->fieldMask();
    LogRecord record;
    std::string_view line;
    // Local counters (kept in registers), flushed even when reading stops on
    // damage: the lines before it still count.
    std::uint64_t lines = 0, parsed = 0, matched = 0;
    struct Flush {
      std::uint64_t &lines, &parsed, &matched;
      RunStats& stats;
      Partial& into;
      bool grouped;
      ~Flush() {
        stats.lines += lines;
        stats.parsed += parsed;
        stats.malformed += lines - parsed;
        stats.matched += matched;
        if (!grouped && matched > 0) into.add({}, matched);
      }
    } flush{lines, parsed, matched, stats, into, grouped || aggregate};
    const LiteralFinder robotsFinder(kRobotsPath);
    // A file that starts with directives (W3C) may change its layout at any
    // line, so robots cannot skip lines unseen: it reads them all.
    bool prefilter = robots && !headed;
    bool first = true;
    // A robots line's path is split out at once when the line is known to
    // hold "/robots.txt" (one parse); otherwise only if mayRequestRobots.
    FieldMask withPath = needed;
    withPath |= FieldMask::kPath;
    for (;;) {
      bool holdsLiteral = false;
      if (prefilter && !first) {
        // A line without "/robots.txt" cannot request it, whatever else it
        // holds: such lines are counted, not parsed.
        const LineReader::Step step = reader.nextContaining(robotsFinder, line);
        if (step == LineReader::Step::kEnd) break;
        if (step == LineReader::Step::kSkipped) {
          if (progress) progress(lines + reader.skippedLines(), reader.bytesIn());
          continue;
        }
        holdsLiteral = true;
      } else if (!reader.next(line)) {
        break;
      }
      if (first) {
        first = false;
        prefilter = prefilter && !line.starts_with('#');
      }
      ++lines;
      if ((lines & (kProgressLines - 1)) == 0 && progress) {
        progress(lines + reader.skippedLines(), reader.bytesIn());  // never goes back
      }
      const LineKind kind = parser.read(line, record, holdsLiteral ? withPath : needed);
      if (kind == LineKind::Directive) {
        --lines;  // a format's header (W3C `#Fields:`) is not a log line
        continue;
      }
      if (kind == LineKind::Malformed) continue;
      ++parsed;
      if (robots) {
        if (!holdsLiteral) {
          if (!mayRequestRobots(record)) continue;
          // A rare line: parse it again with its path split (the same format
          // wins again, so the path is the one a full parse gives).
          if (!parser.parse(line, record, withPath)) continue;
        }
        if (record.path != kRobotsPath) continue;
      }
      if (filter && !predicate.matches(record)) continue;
      ++matched;
      if (onMatch) onMatch(line);
      if (report) report->add(record);
      if (aggregate) {
        aggregate->stage(record, into.aggregates());
      } else if (grouped) {
        buildGroupKey(record, keyFields, key);
        groups.stage(key, into);
      }
    }
  }
};

Mapper::Mapper(const Query& query) : m_impl(std::make_unique<Impl>(query)) {}
Mapper::~Mapper() = default;
void Mapper::onProgress(ProgressFn fn) {
  m_impl->progress = std::move(fn);
}
void Mapper::onMatch(LineFn fn) {
  m_impl->onMatch = std::move(fn);
}
Mapper::Mapper(Mapper&&) noexcept = default;
Mapper& Mapper::operator=(Mapper&&) noexcept = default;

void Mapper::run(const std::string& path, ByteRange range, Partial& into,
                 const ReaderOptions& readerOptions) {
  RunStats& stats = into.stats();
  if (range.begin == 0) ++stats.files;  // a split file counts once
  try {
    LineReader reader(path, range, readerOptions);
    LineParser parser = makeParser();  // auto-detection starts afresh per file
    const bool headed = range.begin > 0 && readHeader(path, range, readerOptions, parser);
    mapReader(reader, parser, into, headed);
    // A range after the first cannot tell (its header is elsewhere): the
    // first range speaks for the file, once.
    if (const std::string_view problem = parser.fileProblem();
        !problem.empty() && range.begin == 0) {
      ++stats.failedFiles;
      into.errors().push_back({path, path + ": " + std::string(problem)});
    }
  } catch (const InputError& e) {
    ++stats.failedFiles;
    into.errors().push_back({path, e.what()});
  }
}

void Mapper::runText(const std::string& name, std::string_view text, Partial& into) {
  LineReader reader = LineReader::ofText(name, text);
  // A block of a stream: a W3C layout named before it is not known here.
  LineParser parser = makeParser();
  mapReader(reader, parser, into, false);  // memory cannot be damaged: no InputError
}

LineParser Mapper::makeParser() const {
  LineParser parser(m_impl->query.logFormat);
  if (!m_impl->namedFields.empty()) parser.readNamedFields(m_impl->namedFields);
  return parser;
}

void Mapper::mapReader(LineReader& reader, LineParser& parser, Partial& into, bool headed) {
  RunStats& stats = into.stats();
  struct Account {  // counts bytes even when reading stops on damage
    LineReader& r;
    RunStats& s;
    ~Account() {
      s.bytesIn += r.accountedBytesIn();
      s.bytesOut += r.bytesOut();
      s.lines += r.overlongLines() + r.skippedLines();
      s.malformed += r.overlongLines();
      s.skipped += r.skippedLines();
    }
  } account{reader, stats};
  m_impl->mapLines(reader, parser, into, headed);
}

}  // namespace logmill::workers
