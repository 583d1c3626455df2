#include "datasets/GzipWriter.hpp"

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace logmill::datasets {
namespace {
constexpr std::size_t kOutChunk = 256 * 1024;
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper
constexpr int kOsUnix = 3;
}  // namespace

GzipWriter::GzipWriter(std::string path, int level) : m_path(std::move(path)), m_out(kOutChunk) {
  if (level < 0 || level > 9) {
    throw std::invalid_argument("gzip level must be 0..9, got " + std::to_string(level));
  }
  m_file = std::fopen(m_path.c_str(), "wb");
  if (m_file == nullptr) {
    throw std::runtime_error("cannot create '" + m_path +
                             "': " + std::generic_category().message(errno));
  }
  if (deflateInit2(&m_stream, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    std::fclose(m_file);
    throw std::runtime_error("cannot start gzip stream for '" + m_path + "'");
  }
  m_streamOpen = true;
  // Without an explicit header zlib writes its build's OS code (macOS and
  // Windows builds differ), which would change the bytes between machines.
  m_header.os = kOsUnix;
  m_header.time = 0;
  if (deflateSetHeader(&m_stream, &m_header) != Z_OK) fail("cannot set gzip header");
}

GzipWriter::~GzipWriter() {
  if (m_streamOpen) deflateEnd(&m_stream);
  if (m_file != nullptr) std::fclose(m_file);
}

void GzipWriter::fail(std::string_view what) const {
  throw std::runtime_error("cannot write '" + m_path + "': " + std::string(what));
}

void GzipWriter::pump(int flush) {
  int rc = Z_OK;
  do {
    m_stream.next_out = m_out.data();
    m_stream.avail_out = static_cast<uInt>(m_out.size());
    rc = deflate(&m_stream, flush);
    if (rc == Z_STREAM_ERROR) fail("zlib deflate failed");
    const std::size_t produced = m_out.size() - m_stream.avail_out;
    if (produced > 0 && std::fwrite(m_out.data(), 1, produced, m_file) != produced) {
      fail(std::generic_category().message(errno));
    }
    m_bytesOut += produced;
  } while (m_stream.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

void GzipWriter::write(std::string_view bytes) {
  if (!m_streamOpen) fail("write after close");
  // zlib counts input in uInt (32 bits), so feed very large buffers in pieces.
  constexpr std::size_t kMaxPiece = std::size_t{1} << 30;
  m_bytesIn += bytes.size();
  while (!bytes.empty()) {
    const std::size_t piece = std::min(bytes.size(), kMaxPiece);
    m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    m_stream.avail_in = static_cast<uInt>(piece);
    pump(Z_NO_FLUSH);
    bytes.remove_prefix(piece);
  }
}

void GzipWriter::close() {
  if (!m_streamOpen) return;
  m_stream.next_in = nullptr;
  m_stream.avail_in = 0;
  pump(Z_FINISH);
  deflateEnd(&m_stream);
  m_streamOpen = false;
  std::FILE* file = m_file;
  m_file = nullptr;
  const bool flushed = std::fflush(file) == 0;
  const int flushErrno = errno;
  if (std::fclose(file) != 0 || !flushed) {
    fail(std::generic_category().message(flushed ? errno : flushErrno));
  }
}

}  // namespace logmill::datasets
