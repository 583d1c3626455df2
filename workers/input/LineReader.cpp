#include "workers/input/LineReader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <optional>
#include <utility>

#include "workers/input/FileSource.hpp"
#include "workers/input/InflaterStream.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/RangeCrcCheck.hpp"
#include "workers/input/ResumedInflater.hpp"
#include "workers/input/gzipMagic.hpp"
#include "workers/input/scanToLiteral.hpp"

namespace logmill::workers {
namespace {

// A line that needs more text is moved to the window's front before the
// refill, so the window holds the longest allowed line plus a quarter of
// ReaderOptions::windowBytes of room.
constexpr std::size_t kRefillRoomShare = 4;
// At most this much text is read into the window at a time: the window
// (4 MB, for long lines) is then touched only as far as lines need, not
// page-faulted whole per reader, and the scan reads text the inflater just
// wrote while it is still in the core's cache.
constexpr std::size_t kFillBytes = std::size_t{256} << 10;
// Keeps the window finite whatever maxLineBytes says.
constexpr std::size_t kLineLimitCap = std::size_t{256} << 20;

bool namedGz(const std::string& path) {
  if (path.size() < 3) return false;
  const std::string_view ext = std::string_view(path).substr(path.size() - 3);
  return ext == ".gz" || ext == ".GZ" || ext == ".Gz" || ext == ".gZ";
}

}  // namespace

struct LineReader::Impl {
  Impl(std::string path, ByteRange range, ReaderOptions options);
  Impl(std::string name, std::string_view text, const ReaderOptions& options);
  bool next(std::string_view& line);
  Step nextContaining(const LiteralFinder& finder, std::string_view& line);
  bool skipWindow(const LiteralFinder& finder);
  bool accept(std::size_t start, std::size_t end, std::size_t consumed, std::string_view& line);
  void refill();
  std::size_t fill(std::span<std::uint8_t> dst);
  void openGzip(const ReaderOptions& options, ByteRange range);

  std::string path;
  std::size_t maxLine;
  std::optional<FileSource> source;  // none for text held in memory
  std::optional<InflaterStream> gzip;
  std::optional<RangeCrcCheck> rangeCheck;  // an indexed range's text against the next checkpoint

  std::size_t windowSize;
  std::unique_ptr<char[]> window;  // none for text held in memory
  // What lines are read from: the window, or the text held in memory itself
  // (a block of a stream fan-out is mapped where it lies, never copied).
  const char* data = nullptr;
  std::size_t pos = 0;                   // first byte of the current line
  std::size_t scan = 0;                  // where the search for '\n' resumes
  std::size_t filled = 0;                // end of the text in the window
  std::uint64_t windowOffset = 0;        // input offset of window[0] (plain: file offset)
  std::uint64_t rangeEnd;                // lines must start before this
  std::uint64_t accounted = kNotARange;  // a range's share of the file, in file bytes
  static constexpr std::uint64_t kNotARange = UINT64_MAX;
  std::uint64_t discard = 0;  // gzip range: text from the checkpoint to drop first
  // Input offset of the line in which the last window scan found the needle
  // (only for needles whose occurrences the line cannot lose: see skipWindow).
  std::uint64_t hitLine = UINT64_MAX;
  bool skipFirst = false;      // drop the text up to the first '\n' (a range's look-behind byte)
  bool skipping = false;       // inside an overlong line, dropping it
  bool eof = false;            // the window holds the last of the text
  bool finished = false;       // no more lines, whatever is left in the input
  std::exception_ptr failure;  // thrown once, then again on every call

  std::uint64_t bytesOut = 0;
  std::uint64_t overlong = 0;
  std::uint64_t skipped = 0;
};

LineReader::Impl::Impl(std::string path_, ByteRange range, ReaderOptions options)
    : path(std::move(path_)),
      maxLine(std::min(options.maxLineBytes, kLineLimitCap)),
      source(std::in_place, path),
      windowSize(std::max(std::max<std::size_t>(options.windowBytes, 64),
                          maxLine + 2 + options.windowBytes / kRefillRoomShare)),
      window(std::make_unique_for_overwrite<char[]>(windowSize)),
      data(window.get()),
      rangeEnd(range.end) {
  const auto head = source->head();
  const bool isGzip = hasGzipMagic(head);
  if (!isGzip && !head.empty() && namedGz(path)) {
    throw InputError(path + ": not a gzip file (bad magic)");
  }
  if (isGzip) {
    openGzip(options, range);
    return;
  }
  std::uint64_t start = 0;
  if (!source->isSeekable()) {
    rangeEnd = ByteRange{}.end;  // pipes are read whole
  } else if (!range.isWhole()) {
    struct stat st {};
    const std::uint64_t size = ::stat(path.c_str(), &st) == 0 ? std::uint64_t(st.st_size) : 0;
    accounted = std::min(range.end, size) - std::min(range.begin, size);
    if (range.begin > 0) {
      // Start one byte early: if that byte is '\n', the line at `begin` is ours.
      start = range.begin - 1;
      skipFirst = true;
    }
  }
  windowOffset = start;
  source->start(start, options.prefetch);
}

LineReader::Impl::Impl(std::string name, std::string_view text_, const ReaderOptions& options)
    : path(std::move(name)),
      maxLine(std::min(options.maxLineBytes, kLineLimitCap)),
      windowSize(0),
      data(text_.data()),
      filled(text_.size()),
      rangeEnd(ByteRange{}.end),
      accounted(0),  // whoever cut the text counted its input
      eof(true) {}   // all of it is "in the window": nothing is ever refilled

// A range of an indexed gzip starts decoding at the checkpoint at or before
// its look-behind byte and drops the text up to that byte; anything else is
// read whole.
void LineReader::Impl::openGzip(const ReaderOptions& options, ByteRange range) {
  const std::string name = path == "-" ? std::string("<stdin>") : path;
  auto nextBlock = [this] { return source->next(); };
  if (options.gzipIndex == nullptr || range.isWhole() || !source->isSeekable()) {
    rangeEnd = ByteRange{}.end;
    source->start(0, options.prefetch);
    const bool observed = options.inflateObserver != nullptr;
    gzip.emplace(
        observed ? makeBlockInflater(options.inflater, options.inflateObserver->blockEndSpacing())
                 : makeInflater(options.inflater),
        nextBlock, name);
    gzip->setObserver(options.inflateObserver);
    return;
  }
  const std::uint64_t start = range.begin > 0 ? range.begin - 1 : 0;
  skipFirst = range.begin > 0;
  windowOffset = start;
  const GzipIndex& index = *options.gzipIndex;
  const GzipCheckpoint& checkpoint = index.checkpointAtOrBefore(start);
  discard = start - checkpoint.textOffset;
  // Checkpoint to checkpoint, so that ranges which meet add up to the file.
  const std::uint64_t accountedEnd =
      range.end >= index.textSize() ? index.key().size
                                    : index.checkpointAtOrBefore(range.end - 1).compressedBit / 8;
  accounted = accountedEnd - std::min(accountedEnd, checkpoint.compressedBit / 8);
  const std::uint64_t firstByte = checkpoint.compressedBit / 8;
  source->start(firstByte, options.prefetch);
  // A member start needs no history: a fresh inflater reads its header.
  auto inflater =
      checkpoint.atMemberStart()
          ? makeInflater(options.inflater)
          : makeResumedInflater(options.inflater, checkpoint, checkpointWindow(checkpoint, path));
  gzip.emplace(std::move(inflater), nextBlock, name, firstByte, checkpoint.textOffset);
  // Damage that inflates cleanly must not pass unseen because the member's
  // trailer is out of reach: a range that stops short of the end checks its
  // text at the last checkpoint it decodes past (one that runs to the end
  // meets the trailer, and reports damage exactly as a whole read does).
  if (range.end >= index.textSize()) return;
  const GzipCheckpoint& last = index.checkpointAtOrBefore(range.end - 1);
  if (last.textOffset > checkpoint.textOffset && !last.atMemberStart()) {
    rangeCheck.emplace(checkpoint, last, name);
    gzip->setObserver(&*rangeCheck);
  }
}

bool LineReader::Impl::next(std::string_view& line) {
  if (failure) std::rethrow_exception(failure);
  try {
    while (!finished) {
      if (scan < filled) {
        const void* nl = std::memchr(data + scan, '\n', filled - scan);
        if (nl != nullptr) {
          const auto end = static_cast<std::size_t>(static_cast<const char*>(nl) - data);
          const std::size_t start = pos;
          pos = scan = end + 1;
          if (accept(start, end, end + 1 - start, line)) return true;
          continue;
        }
        scan = filled;
      }
      if (eof) {
        // The last line has no '\n'; an overlong one may have been dropped
        // from the window already and still needs counting.
        const std::size_t start = pos;
        pos = scan = filled;
        finished = true;
        return (start < filled || skipping) && accept(start, filled, filled - start, line);
      }
      refill();
    }
    return false;
  } catch (const InputError&) {
    failure = std::current_exception();
    throw;
  }
}

LineReader::Step LineReader::Impl::nextContaining(const LiteralFinder& finder,
                                                  std::string_view& line) {
  if (skipWindow(finder)) return Step::kSkipped;
  // One line the usual way: the one holding the needle, or one that spans a
  // refill (which may not hold it).
  if (!next(line)) return Step::kEnd;
  // The scan saw the needle in the line starting there: no need to look again
  // (crawler-heavy logs stop at every tenth line).
  const std::uint64_t lineStart = windowOffset + static_cast<std::size_t>(line.data() - data);
  if (lineStart == hitLine || finder.find(line) != std::string_view::npos) return Step::kLine;
  ++skipped;
  return Step::kSkipped;
}

// Passes over the whole lines at the window's read position that cannot
// hold the needle: up to the line of its first occurrence, or up to the last
// newline if there is none (then true). Only in the plain state: not inside
// an overlong line or a range's lead-in, not where the range may end.
bool LineReader::Impl::skipWindow(const LiteralFinder& finder) {
  if (failure || finished || skipFirst || skipping || scan != pos || pos >= filled ||
      windowOffset + filled > rangeEnd) {
    return false;
  }
  const LiteralScan scanned =
      scanToLiteral(std::string_view(data + pos, filled - pos), finder, maxLine);
  skipped += scanned.count.lines - scanned.count.overlong;
  overlong += scanned.count.overlong;
  bytesOut += scanned.lineBytes;
  pos = scan = pos + scanned.lineBytes;
  // The line next() gives from here holds every byte the scan saw up to its
  // '\n' except a final '\r': a needle ending in '\r' may have been found
  // across that one, so such a line is searched again (fuzz_line_reader).
  if (scanned.found && finder.needle().back() != '\r') hitLine = windowOffset + pos;
  return !scanned.found && scanned.lineBytes > 0;
}

// Decides about the text [start, end) of the window, a line whose terminator
// (if any) makes it `consumed` bytes long.
bool LineReader::Impl::accept(std::size_t start, std::size_t end, std::size_t consumed,
                              std::string_view& line) {
  if (skipFirst) {
    skipFirst = false;
    return false;
  }
  if (skipping) {  // the tail of an overlong line, which started in the range
    skipping = false;
    bytesOut += consumed;
    ++overlong;
    return false;
  }
  if (windowOffset + start >= rangeEnd) {
    finished = true;
    return false;
  }
  bytesOut += consumed;
  if (end > start && data[end - 1] == '\r') --end;
  if (end - start > maxLine) {
    ++overlong;
    return false;
  }
  line = std::string_view(data + start, end - start);
  return true;
}

// Makes room and decodes more text. The unfinished line moves to the front
// of the window, unless it is being dropped (too long, or a range's lead-in).
void LineReader::Impl::refill() {
  const std::size_t partial = filled - pos;
  if (!skipFirst && !skipping && windowOffset + pos >= rangeEnd) {
    finished = true;  // the next line starts past the range: no need to read on
    return;
  }
  if (!skipFirst && !skipping && partial > maxLine + 1) skipping = true;  // +1: a '\r'
  if (skipFirst || skipping) {
    if (skipping) bytesOut += partial;
    windowOffset += filled;
    pos = scan = filled = 0;
  } else if (pos > 0) {
    std::memmove(window.get(), window.get() + pos, partial);
    windowOffset += pos;
    scan -= pos;
    pos = 0;
    filled = partial;
  }
  const std::size_t room = std::min(windowSize - filled, kFillBytes);
  const std::size_t n = fill({reinterpret_cast<std::uint8_t*>(window.get()) + filled, room});
  eof = n == 0;
  filled += n;
}

std::size_t LineReader::Impl::fill(std::span<std::uint8_t> dst) {
  if (!source) return 0;  // text in memory is never refilled (eof from the start)
  if (!gzip) return source->readInto(dst);
  while (discard > 0) {
    const std::size_t n = gzip->read(dst.first(std::min<std::uint64_t>(discard, dst.size())));
    if (n == 0) return 0;  // the range starts past the end of the text
    discard -= n;
  }
  return gzip->read(dst);
}

LineReader::LineReader(std::string path, ByteRange range, ReaderOptions options)
    : m_impl(std::make_unique<Impl>(std::move(path), range, options)) {}
LineReader::LineReader(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LineReader LineReader::ofText(std::string name, std::string_view text,
                              const ReaderOptions& options) {
  return LineReader(std::make_unique<Impl>(std::move(name), text, options));
}
LineReader::~LineReader() = default;
LineReader::LineReader(LineReader&&) noexcept = default;
LineReader& LineReader::operator=(LineReader&&) noexcept = default;

bool LineReader::next(std::string_view& line) {
  return m_impl->next(line);
}
LineReader::Step LineReader::nextContaining(const LiteralFinder& finder, std::string_view& line) {
  return m_impl->nextContaining(finder, line);
}
bool LineReader::isGzip() const {
  return m_impl->gzip.has_value();
}
std::uint64_t LineReader::bytesIn() const {
  // Text in memory: what its lines took so far.
  return m_impl->source ? m_impl->source->bytesRead() : m_impl->pos;
}
std::uint64_t LineReader::accountedBytesIn() const {
  const std::uint64_t accounted = m_impl->accounted;
  return accounted == Impl::kNotARange ? (m_impl->source ? m_impl->source->bytesRead() : 0)
                                       : accounted;
}
std::uint64_t LineReader::bytesOut() const {
  return m_impl->bytesOut;
}
std::uint64_t LineReader::overlongLines() const {
  return m_impl->overlong;
}
std::uint64_t LineReader::skippedLines() const {
  return m_impl->skipped;
}
const std::string& LineReader::path() const {
  return m_impl->path;
}

}  // namespace logmill::workers
