#pragma once
// The text of one whole input as a byte stream: a plain file, stdin ("-"),
// a FIFO, or a gzip stream (recognised by its magic bytes) inflated member
// after member. What a stream fan-out's producer reads; errors are the
// LineReader's, word for word.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>

#include "workers/input/FileSource.hpp"
#include "workers/input/InflateObserver.hpp"
#include "workers/input/InflaterKind.hpp"
#include "workers/input/InflaterStream.hpp"

namespace logmill::workers {

class TextSource {
 public:
  /// Opens `path`; throws InputError naming it if it cannot be opened, or if
  /// it is named *.gz but is not gzip. A gzip read tells `observer` (if
  /// any) about its blocks, and then decodes with zlib, as LineReader does.
  explicit TextSource(std::string path, InflaterKind inflater = InflaterKind::kFastest,
                      InflateObserver* observer = nullptr);
  TextSource(const TextSource&) = delete;
  TextSource& operator=(const TextSource&) = delete;

  /// Fills `out` with the next text bytes and returns how many: fewer than
  /// out.size() only at the end, 0 at the end. On damage throws InputError
  /// (`path: truncated gzip stream at byte N`, ...), after the text decoded
  /// before it has been returned.
  [[nodiscard]] std::size_t read(std::span<std::uint8_t> out);

  [[nodiscard]] bool isGzip() const { return m_gzip.has_value(); }
  /// Input bytes read so far (compressed bytes for gzip).
  [[nodiscard]] std::uint64_t bytesIn() const { return m_source.bytesRead(); }

 private:
  FileSource m_source;
  std::optional<InflaterStream> m_gzip;
  std::exception_ptr m_pendingError;
};

}  // namespace logmill::workers
