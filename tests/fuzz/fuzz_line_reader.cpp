// libFuzzer target: workers::LineReader over gzip and plain input. The
// fuzzer's bytes (after two option bytes) become a file in memory (memfd,
// opened by path through /proc/self/fd). Checks beyond "no crash":
// - gzip: ISA-L and zlib agree: the same lines, or both refuse the stream
//   with an InputError that names the file;
// - plain: reading the file as two byte ranges split anywhere gives exactly
//   the lines (and overlong count) of reading it whole.

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/InputError.hpp"
#include "workers/LineReader.hpp"

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
  options.maxLineBytes = 1 + in.byte() % 64;  // small, so overlong lines happen
  const std::uint8_t splitByte = in.byte();
  const std::string_view contents = in.rest();
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
  return 0;
}
