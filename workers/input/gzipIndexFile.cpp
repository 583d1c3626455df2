#include "workers/input/gzipIndexFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "workers/input/GzipIndexBuilder.hpp"
#include "workers/input/InputError.hpp"

namespace logmill::workers {
namespace {

constexpr std::string_view kMagic{"LMGZIDX\0", 8};
// magic, version, length, key (4 x 8 + 2 x 4), spacing, text, members, count
constexpr std::size_t kHeaderBytes = 8 + 4 + 8 + 40 + 4 * 8;
constexpr std::size_t kCheckpointBytes = 4 * 8 + 3 * 4;
constexpr std::size_t kCrcBytes = 4;
// Far above any real index (<= 1% of the text): a bigger file is not ours.
constexpr std::uint64_t kMaxIndexBytes = std::uint64_t{1} << 30;

void put(std::string& out, std::uint64_t value, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

/// Reads little-endian fields and remembers whether it ran off the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
  std::uint64_t get(std::size_t bytes) {
    if (m_bytes.size() - m_at < bytes) {
      m_short = true;
      m_at = m_bytes.size();
      return 0;
    }
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      value |= std::uint64_t{static_cast<std::uint8_t>(m_bytes[m_at + i])} << (8 * i);
    }
    m_at += bytes;
    return value;
  }
  std::string_view take(std::size_t bytes) {
    if (m_bytes.size() - m_at < bytes) {
      m_short = true;
      m_at = m_bytes.size();
      return {};
    }
    m_at += bytes;
    return m_bytes.substr(m_at - bytes, bytes);
  }
  [[nodiscard]] bool isShort() const { return m_short; }

 private:
  std::string_view m_bytes;
  std::size_t m_at = 0;
  bool m_short = false;
};

std::uint32_t crcOf(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

GzipCheckpoint readCheckpoint(Reader& in) {
  GzipCheckpoint c;
  c.compressedBit = in.get(8);
  c.textOffset = in.get(8);
  c.lineStart = in.get(8);
  c.memberTextStart = in.get(8);
  c.memberCrc = static_cast<std::uint32_t>(in.get(4));
  c.windowBytes = static_cast<std::uint32_t>(in.get(4));
  const std::string_view window = in.take(static_cast<std::size_t>(in.get(4)));
  c.window.assign(window.begin(), window.end());
  return c;
}

// What a consistent index promises; "" when `c` (after `previous`, if any) keeps it.
std::string checkCheckpoint(const GzipCheckpoint& c, const GzipCheckpoint* previous,
                            const GzipFileKey& key, std::uint64_t textSize) {
  if (previous == nullptr && (c.compressedBit != 0 || c.textOffset != 0)) {
    return "the first checkpoint is not the file's start";
  }
  if (previous != nullptr &&
      (c.compressedBit <= previous->compressedBit || c.textOffset < previous->textOffset)) {
    return "checkpoints out of order";
  }
  if (c.compressedBit >= key.size * 8 || c.textOffset > textSize ||
      c.memberTextStart > c.textOffset) {
    return "checkpoint outside the file";
  }
  if (c.lineStart > textSize || (c.lineStart <= c.textOffset && c.lineStart != textSize)) {
    return "line start outside its checkpoint's text";
  }
  const std::uint64_t window =
      std::min<std::uint64_t>(GzipIndexBuilder::kWindowBytes, c.textOffset - c.memberTextStart);
  if (c.windowBytes != window || (window > 0) == c.window.empty()) return "bad window size";
  if (window == 0 && c.memberCrc != 0) return "a member start with a CRC";
  return "";
}

std::optional<GzipIndex> refuse(std::string* whyNot, std::string reason) {
  if (whyNot != nullptr) *whyNot = std::move(reason);
  return std::nullopt;
}

}  // namespace

std::string defaultGzipIndexDir() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  if (cache != nullptr && cache[0] == '/') return std::string(cache) + "/logmill/index";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache/logmill/index";
  return "";
}

std::string gzipIndexFileName(const GzipFileKey& key) {
  char name[64];
  std::snprintf(name, sizeof name, "%llx-%llx.gzidx", static_cast<unsigned long long>(key.device),
                static_cast<unsigned long long>(key.inode));
  return name;
}

std::string encodeGzipIndex(const GzipIndex& index) {
  std::string out(kMagic);
  put(out, kGzipIndexVersion, 4);
  put(out, 0, 8);  // the length, known at the end
  const GzipFileKey& key = index.key();
  for (const std::uint64_t v : {key.device, key.inode, key.size}) put(out, v, 8);
  put(out, static_cast<std::uint64_t>(key.mtimeNs), 8);
  put(out, key.headCrc, 4);
  put(out, key.tailCrc, 4);
  for (const std::uint64_t v : {index.spacing(), index.textSize(), index.memberCount(),
                                std::uint64_t{index.checkpoints().size()}}) {
    put(out, v, 8);
  }
  for (const GzipCheckpoint& c : index.checkpoints()) {
    for (const std::uint64_t v : {c.compressedBit, c.textOffset, c.lineStart, c.memberTextStart}) {
      put(out, v, 8);
    }
    put(out, c.memberCrc, 4);
    put(out, c.windowBytes, 4);
    put(out, c.window.size(), 4);
    out.append(reinterpret_cast<const char*>(c.window.data()), c.window.size());
  }
  const std::uint64_t length = out.size() + kCrcBytes;
  for (std::size_t i = 0; i < 8; ++i) out[12 + i] = static_cast<char>(length >> (8 * i));
  put(out, crcOf(out), 4);
  return out;
}

std::optional<GzipIndex> decodeGzipIndex(std::string_view bytes, std::string* whyNot) {
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return refuse(whyNot, "not a gzip index");
  }
  Reader in(bytes.substr(kMagic.size()));
  const auto version = in.get(4);
  const std::uint64_t length = in.get(8);
  if (in.isShort()) return refuse(whyNot, "truncated (" + std::to_string(bytes.size()) + " bytes)");
  if (version != kGzipIndexVersion) {
    return refuse(whyNot, "version " + std::to_string(version) + ", this logmill reads version " +
                              std::to_string(kGzipIndexVersion));
  }
  if (bytes.size() < length) {
    return refuse(whyNot, "truncated (" + std::to_string(bytes.size()) + " of " +
                              std::to_string(length) + " bytes)");
  }
  if (bytes.size() != length || length < kHeaderBytes + kCrcBytes) {
    return refuse(whyNot, "corrupt (its length is not the one it records)");
  }
  const std::string_view body = bytes.substr(0, length - kCrcBytes);
  if (Reader(bytes.substr(body.size())).get(4) != crcOf(body)) {
    return refuse(whyNot, "corrupt (checksum mismatch)");
  }
  // From here on only the checksummed body is read, past magic, version and length.
  in = Reader(body.substr(kMagic.size() + 4 + 8));
  GzipFileKey key;
  key.device = in.get(8);
  key.inode = in.get(8);
  key.size = in.get(8);
  key.mtimeNs = static_cast<std::int64_t>(in.get(8));
  key.headCrc = static_cast<std::uint32_t>(in.get(4));
  key.tailCrc = static_cast<std::uint32_t>(in.get(4));
  const std::uint64_t spacing = in.get(8), textSize = in.get(8), members = in.get(8);
  const std::uint64_t count = in.get(8);
  if (count == 0 || count > (length - kHeaderBytes) / kCheckpointBytes || members == 0) {
    return refuse(whyNot, "corrupt (bad checkpoint count)");
  }
  std::vector<GzipCheckpoint> checkpoints;
  checkpoints.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    checkpoints.push_back(readCheckpoint(in));
    const std::string bad =
        checkCheckpoint(checkpoints.back(), i > 0 ? &checkpoints[i - 1] : nullptr, key, textSize);
    if (in.isShort()) return refuse(whyNot, "corrupt (checkpoints run past the end)");
    if (!bad.empty()) return refuse(whyNot, "corrupt (" + bad + ")");
  }
  if (in.take(1).size() == 1) return refuse(whyNot, "corrupt (bytes after the checkpoints)");
  return GzipIndex(key, spacing, textSize, members, std::move(checkpoints));
}

void saveGzipIndex(const GzipIndex& index, const std::string& dir) {
  const std::string target = dir + "/" + gzipIndexFileName(index.key());
  const auto fail = [&target](const std::string& reason) {
    throw InputError("cannot write gzip index '" + target + "': " + reason);
  };
  if (dir.empty()) fail("no cache directory (neither XDG_CACHE_HOME nor HOME is set)");
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) fail(error.message());
  const std::string bytes = encodeGzipIndex(index);
  std::random_device random;
  const std::string temporary = dir + "/." + gzipIndexFileName(index.key()) + "." +
                                std::to_string(::getpid()) + "." + std::to_string(random()) +
                                ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(std::strerror(errno));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      fail(std::strerror(err));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(temporary.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(temporary.c_str());
    fail(std::strerror(err));
  }
}

std::optional<GzipIndex> loadGzipIndexOrNull(const std::string& gzipPath, const std::string& dir,
                                             std::string* whyNot) {
  if (whyNot != nullptr) whyNot->clear();
  GzipFileKey now;
  try {
    now = GzipFileKey::of(gzipPath);
  } catch (const InputError& e) {
    return refuse(whyNot, e.what());
  }
  if (dir.empty()) return std::nullopt;
  const std::string file = dir + "/" + gzipIndexFileName(now);
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0) return refuse(whyNot, "cannot open '" + file + "': " + std::strerror(errno));
  struct stat st {};
  std::string bytes;
  if (::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) <= kMaxIndexBytes) {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    for (ssize_t n = 1; got < bytes.size() && n != 0;) {
      n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno != EINTR) break;
      if (n > 0) got += static_cast<std::size_t>(n);
    }
    bytes.resize(got);
  }
  ::close(fd);
  std::string why;
  std::optional<GzipIndex> index = decodeGzipIndex(bytes, &why);
  if (!index) return refuse(whyNot, why);
  const std::string difference = index->key().differenceFrom(now);
  if (difference.empty()) return index;
  if (index->key().device != now.device || index->key().inode != now.inode) {
    return refuse(whyNot, difference);
  }
  return refuse(whyNot, "stale: " + difference);
}

}  // namespace logmill::workers
