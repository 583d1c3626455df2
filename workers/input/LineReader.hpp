#pragma once
// Streams the lines of one input: a gzip file (multi-member too), a plain
// file or a byte range of one, or "-" for stdin. Gzip is recognised by its
// magic bytes, not its name. Memory stays bounded whatever the input size.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "workers/input/ByteRange.hpp"
#include "workers/input/GzipIndex.hpp"
#include "workers/input/InflateObserver.hpp"
#include "workers/input/InflaterKind.hpp"
#include "workers/input/LiteralFinder.hpp"

namespace logmill::workers {

struct ReaderOptions {
  /// Lines longer than this are skipped and counted in overlongLines().
  std::size_t maxLineBytes = 1 << 20;
  /// Text is decoded into a window of this many bytes (more if a line of
  /// maxLineBytes needs it); whole lines are views into it. Tests and the
  /// fuzzer use small windows to exercise refills.
  std::size_t windowBytes = std::size_t{4} << 20;
  /// Which library inflates gzip (tests and benchmarks force one).
  InflaterKind inflater = InflaterKind::kFastest;
  /// Read the next 1 MiB block of a regular file on a helper thread while
  /// this one is inflated and split. Off by default: from the page cache a
  /// block is read in ~0.1 ms and inflated in ~10 ms, and the extra thread
  /// measured slower on a busy machine; it may help on slow storage.
  bool prefetch = false;
  /// The gzip file's index (GzipIndex::build or loadGzipIndexOrNull, for
  /// this very file): then a ByteRange of a gzip file is honoured, in text
  /// bytes, by decoding from the checkpoint at or before it. Without one a
  /// gzip file is read whole.
  const GzipIndex* gzipIndex = nullptr;
  /// Told about a whole gzip read, block ends included (e.g. a
  /// GzipIndexBuilder, to leave an index behind). Decoding then uses zlib:
  /// ISA-L cannot stop at block ends.
  InflateObserver* inflateObserver = nullptr;
};

class LineReader {
 public:
  /// What nextContaining() did.
  enum class Step : std::uint8_t {
    kLine,     ///< returned a line that contains the literal
    kSkipped,  ///< passed over lines without it (a window's worth, or one)
    kEnd,      ///< no more lines
  };

  /// Opens `path` ("-" is stdin). Throws InputError naming the file if it
  /// cannot be opened, or if it is named *.gz but is not gzip. `range`
  /// applies to plain regular files, and to gzip files given an index
  /// (options.gzipIndex); other gzip files and stdin are read whole. A range
  /// holds the lines that start in it: a line starting at `begin` is in it
  /// when byte begin-1 is '\n'.
  explicit LineReader(std::string path, ByteRange range = {}, ReaderOptions options = {});
  /// A reader of the lines of `text`, held in memory (a block of a stream
  /// fan-out), which must outlive the reader; `name` is for messages.
  /// bytesIn() is the text taken so far (for progress); accountedBytesIn()
  /// stays 0: the input was read, and counted, by whoever cut the text.
  [[nodiscard]] static LineReader ofText(std::string name, std::string_view text,
                                         const ReaderOptions& options = {});
  ~LineReader();
  LineReader(LineReader&&) noexcept;
  LineReader& operator=(LineReader&&) noexcept;

  /// The next line without its terminator ("\n" or "\r\n"); false at the
  /// end. The view stays valid until the next call. A last line without a
  /// newline is returned too. On damage (corrupt or truncated gzip, read
  /// error) throws InputError with the file name and the compressed byte
  /// offset; every line before the damage has already been returned.
  [[nodiscard]] bool next(std::string_view& line);

  /// Like next(), but returns only lines that contain `finder`'s needle
  /// (which must not hold a '\n'): the others are passed over a window
  /// (4 MiB) at a time by a vectorised search, never split one by one, and
  /// counted in skippedLines() (overlong ones in overlongLines(), as next()
  /// would). kSkipped comes back after each window, so a caller can report
  /// progress. The same lines, bytes and errors as next(), only faster when
  /// the needle is rare.
  [[nodiscard]] Step nextContaining(const LiteralFinder& finder, std::string_view& line);

  [[nodiscard]] bool isGzip() const;
  [[nodiscard]] std::uint64_t bytesIn() const;  ///< bytes read from the file
  /// The file bytes this read stands for: a range's share of the file (a
  /// plain range its own bytes, an indexed gzip range its checkpoint to the
  /// next range's), so the ranges of a file add up to its size whatever
  /// they read past their ends; bytesIn() for a whole read.
  [[nodiscard]] std::uint64_t accountedBytesIn() const;
  [[nodiscard]] std::uint64_t bytesOut() const;  ///< text bytes produced
  [[nodiscard]] std::uint64_t overlongLines() const;
  /// Lines nextContaining() passed over (not overlong, not returned).
  [[nodiscard]] std::uint64_t skippedLines() const;
  [[nodiscard]] const std::string& path() const;

 private:
  struct Impl;
  explicit LineReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace logmill::workers
