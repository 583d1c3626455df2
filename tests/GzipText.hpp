#pragma once
// Gzip test inputs big enough to be split: log text and its single-member
// gzip (logrotate's shape), made in memory with zlib.
#include <zlib.h>

#include <random>
#include <stdexcept>
#include <string>

namespace logmill::testing {

/// `text` as one gzip member at `level`.
inline std::string gzipText(const std::string& text, int level = 6) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, text.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

/// About `bytes` of combined-format lines with varied hosts, paths and
/// statuses (random letters keep deflate blocks small, as in real logs).
inline std::string combinedLogText(std::size_t bytes, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text;
  while (text.size() < bytes) {
    text += "10.0." + std::to_string(rng() % 64) + "." + std::to_string(rng() % 256) +
            " - - [17/May/2015:10:05:" + std::to_string(10 + rng() % 50) + " +0000] \"GET /p/" +
            std::to_string(rng() % 500) + " HTTP/1.1\" " + std::to_string(200 + rng() % 4 * 100) +
            " " + std::to_string(rng() % 90000) + " \"-\" \"";
    for (std::size_t k = rng() % 80; k > 0; --k) text += static_cast<char>('a' + rng() % 26);
    text += "\"\n";
  }
  return text;
}

}  // namespace logmill::testing
