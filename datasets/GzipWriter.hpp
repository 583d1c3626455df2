#pragma once
// Writes one gzip file with zlib's deflate and a fixed header (mtime 0, no
// name, OS byte 3 = Unix), so the same input gives the same bytes on any
// machine with the same zlib.

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace logmill::datasets {

class GzipWriter {
 public:
  /// Creates (truncates) `path`. Throws std::runtime_error naming the path.
  GzipWriter(std::string path, int level);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  /// Compresses and writes `bytes`. Throws std::runtime_error on failure.
  void write(std::string_view bytes);
  /// Finishes the stream and closes the file; must be called for a complete
  /// file (the destructor only releases resources). Throws on failure.
  void close();

  [[nodiscard]] std::uint64_t bytesIn() const { return m_bytesIn; }
  [[nodiscard]] std::uint64_t bytesOut() const { return m_bytesOut; }

 private:
  void pump(int flush);
  [[noreturn]] void fail(std::string_view what) const;

  std::string m_path;
  std::FILE* m_file = nullptr;
  z_stream m_stream{};
  gz_header m_header{};
  bool m_streamOpen = false;
  std::vector<unsigned char> m_out;
  std::uint64_t m_bytesIn = 0;
  std::uint64_t m_bytesOut = 0;
};

}  // namespace logmill::datasets
