// libFuzzer target: workers::LineReader over gzip and plain input. The
// fuzzer's bytes (after two option bytes) become a file in memory (memfd,
// opened by path through /proc/self/fd). Checks beyond "no crash":
// - gzip: ISA-L and zlib agree: the same lines, or both refuse the stream
//   with an InputError that names the file;
// - plain: reading the file as two byte ranges split anywhere gives exactly
//   the lines (and overlong count) of reading it whole;
// - both: nextContaining() gives exactly the lines next() gives that hold
//   the needle, and accounts for every other line as skipped or overlong.

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"
#include "workers/input/LiteralFinder.hpp"

using namespace logmill::workers;

namespace {

struct Outcome {
  std::vector<std::string> lines;
  std::uint64_t overlong = 0;
  bool failed = false;
  bool isGzip = false;
};

Outcome readAll(const std::string& path, ByteRange range, ReaderOptions options) {
  Outcome out;
  try {
    LineReader reader(path, range, options);
    out.isGzip = reader.isGzip();
    std::string_view line;
    while (reader.next(line)) {
      LOGMILL_FUZZ_CHECK(line.size() <= options.maxLineBytes);
      out.lines.emplace_back(line);
    }
    out.overlong = reader.overlongLines();
  } catch (const InputError& e) {
    LOGMILL_FUZZ_CHECK(std::string_view(e.what()).find(path) != std::string_view::npos);
    out.failed = true;
  }
  return out;
}

/// nextContaining() against next() filtered afterwards.
void checkPrefilter(const std::string& path, std::string_view needle, ReaderOptions options,
                    const Outcome& whole) {
  const LiteralFinder finder(needle);
  std::vector<std::string> lines;
  std::uint64_t skipped = 0, overlong = 0;
  try {
    LineReader reader(path, {}, options);
    std::string_view line;
    for (;;) {
      const LineReader::Step step = reader.nextContaining(finder, line);
      if (step == LineReader::Step::kEnd) break;
      if (step == LineReader::Step::kLine) lines.emplace_back(line);
    }
    skipped = reader.skippedLines();
    overlong = reader.overlongLines();
  } catch (const InputError&) {
    LOGMILL_FUZZ_CHECK(whole.failed);
    return;
  }
  LOGMILL_FUZZ_CHECK(!whole.failed);
  std::vector<std::string> want;
  for (const std::string& l : whole.lines) {
    if (l.find(needle) != std::string::npos) want.push_back(l);
  }
  LOGMILL_FUZZ_CHECK(lines == want);
  LOGMILL_FUZZ_CHECK(overlong == whole.overlong);
  LOGMILL_FUZZ_CHECK(skipped + want.size() == whole.lines.size());
}

/// One memfd reused across runs: the file the reader opens by path.
int memFile() {
  static const int fd = ::memfd_create("logmill-fuzz", 0);
  LOGMILL_FUZZ_CHECK(fd >= 0);
  return fd;
}

void setContents(int fd, std::string_view bytes) {
  LOGMILL_FUZZ_CHECK(::ftruncate(fd, 0) == 0);
  LOGMILL_FUZZ_CHECK(::pwrite(fd, bytes.data(), bytes.size(), 0) ==
                     static_cast<ssize_t>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  logmill::fuzz::FuzzInput in(data, size);
  ReaderOptions options;
  options.windowBytes = 4096;  // many refills per input, and fast to set up
  const std::uint8_t lengthByte = in.byte();
  // Small, so overlong lines happen; the vectorised line count needs >= 64.
  options.maxLineBytes = lengthByte < 128 ? 1 + lengthByte % 64 : lengthByte;
  const std::uint8_t splitByte = in.byte();
  const std::string_view contents = in.rest();
  // A needle of 1 to 4 bytes of the input itself (a newline in it made 'n').
  const std::size_t needleSize = 1 + splitByte % 4;
  std::string needle(needleSize, 'a');
  if (contents.size() >= needleSize) {
    needle =
        std::string(contents.substr(lengthByte % (contents.size() - needleSize + 1), needleSize));
    std::replace(needle.begin(), needle.end(), '\n', 'n');
  }
  const int fd = memFile();
  setContents(fd, contents);
  const std::string path = "/proc/self/fd/" + std::to_string(fd);

  options.inflater = InflaterKind::kZlib;
  const Outcome zlib = readAll(path, {}, options);
  if (zlib.isGzip) {
    options.inflater = InflaterKind::kIsal;
    const Outcome isal = readAll(path, {}, options);
    LOGMILL_FUZZ_CHECK(isal.failed == zlib.failed);
    if (!zlib.failed)
      LOGMILL_FUZZ_CHECK(isal.lines == zlib.lines && isal.overlong == zlib.overlong);
    if (!zlib.failed) checkPrefilter(path, needle, options, isal);
    return 0;
  }
  LOGMILL_FUZZ_CHECK(!zlib.failed);
  const std::uint64_t split = contents.empty() ? 0 : splitByte % (contents.size() + 1);
  const Outcome head = readAll(path, {0, split}, options);
  const Outcome tail = readAll(path, {split, contents.size()}, options);
  std::vector<std::string> joined = head.lines;
  joined.insert(joined.end(), tail.lines.begin(), tail.lines.end());
  LOGMILL_FUZZ_CHECK(joined == zlib.lines);
  LOGMILL_FUZZ_CHECK(head.overlong + tail.overlong == zlib.overlong);
  checkPrefilter(path, needle, options, zlib);
  return 0;
}
