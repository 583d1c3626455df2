#include "workers/input/bgzfMembers.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "workers/input/FileSource.hpp"
#include "workers/input/InflaterStream.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/readAt.hpp"

namespace logmill::workers {
namespace {

constexpr std::size_t kFixedHeader = 12;  // through XLEN
constexpr std::uint8_t kFlagExtra = 0x04;

std::uint32_t le(const std::uint8_t* p, int bytes) {
  std::uint32_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= std::uint32_t{p[i]} << (8 * i);
  return value;
}

/// The total size of the BGZF member whose header is at `offset`, or 0 if
/// it is not one.
std::uint64_t bgzfMemberSize(int fd, const std::string& path, std::uint64_t offset) {
  std::uint8_t fixed[kFixedHeader];
  if (readAt(fd, path, offset, fixed, kFixedHeader) < kFixedHeader) return 0;
  if (fixed[0] != 0x1f || fixed[1] != 0x8b || fixed[2] != 8 || (fixed[3] & kFlagExtra) == 0) {
    return 0;
  }
  std::uint8_t extra[65535];
  const std::size_t extraLength = le(fixed + 10, 2);
  if (readAt(fd, path, offset + kFixedHeader, extra, extraLength) < extraLength) return 0;
  // Subfields: SI1 SI2 LEN(2) data; BGZF's is 'B' 'C' with the size minus 1.
  for (std::size_t at = 0; at + 4 <= extraLength;) {
    const std::size_t length = le(extra + at + 2, 2);
    if (extra[at] == 'B' && extra[at + 1] == 'C' && length == 2 && at + 6 <= extraLength) {
      return std::uint64_t{le(extra + at + 4, 2)} + 1;
    }
    at += 4 + length;
  }
  return 0;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

/// The first byte after the first '\n' at or after `textOffset`, decoding
/// from the member start `member`; the text size if there is none.
std::uint64_t lineStartAfter(const std::string& path, const GzipMember& member,
                             std::uint64_t textOffset, std::uint64_t textSize) {
  FileSource source(path);
  source.start(member.compressedByte, false);
  InflaterStream stream(
      makeInflater(), [&source] { return source.next(); }, path, member.compressedByte,
      member.textOffset);
  std::vector<std::uint8_t> text(64 << 10);
  std::uint64_t at = member.textOffset;
  for (std::size_t n; (n = stream.read(text)) > 0; at += n) {
    const std::size_t skip = at < textOffset ? std::min<std::uint64_t>(textOffset - at, n) : 0;
    const void* newline = std::memchr(text.data() + skip, '\n', n - skip);
    if (newline != nullptr) {
      return at +
             static_cast<std::uint64_t>(static_cast<const std::uint8_t*>(newline) - text.data()) +
             1;
    }
  }
  return textSize;
}

}  // namespace

std::optional<std::vector<GzipMember>> findBgzfMembers(const std::string& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
  const off_t end = ::lseek(file.fd, 0, SEEK_END);
  if (end < 0) throw InputError("cannot open '" + path + "': " + std::strerror(errno));
  const auto fileSize = static_cast<std::uint64_t>(end);
  std::vector<GzipMember> members;
  std::uint64_t offset = 0, text = 0;
  while (offset < fileSize) {
    const std::uint64_t size = bgzfMemberSize(file.fd, path, offset);
    if (size == 0 && members.empty()) return std::nullopt;
    if (size == 0 || size > fileSize - offset) {
      throw InputError(path + ": not a BGZF member at byte " + std::to_string(offset));
    }
    std::uint8_t length[4];
    if (readAt(file.fd, path, offset + size - 4, length, 4) < 4) {
      throw InputError(path + ": truncated gzip stream at byte " + std::to_string(fileSize));
    }
    members.push_back({offset, text});
    text += le(length, 4);
    offset += size;
  }
  if (members.empty()) return std::nullopt;
  return members;
}

std::optional<GzipIndex> buildBgzfIndex(const std::string& path, std::uint64_t spacing) {
  const GzipFileKey key = GzipFileKey::of(path);
  const auto members = findBgzfMembers(path);
  if (!members) return std::nullopt;
  std::uint64_t textSize = 0;
  {
    std::uint8_t length[4];
    Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (readAt(file.fd, path, key.size - 4, length, 4) == 4)
      textSize = members->back().textOffset + le(length, 4);
  }
  std::vector<GzipCheckpoint> checkpoints;
  std::uint64_t found = 0;  // the last line start found: reused while a checkpoint is before it
  for (const GzipMember& member : *members) {
    if (!checkpoints.empty() && member.textOffset < checkpoints.back().textOffset + spacing)
      continue;
    GzipCheckpoint checkpoint;
    checkpoint.compressedBit = member.compressedByte * 8;
    checkpoint.textOffset = checkpoint.memberTextStart = member.textOffset;
    if (found == 0 || member.textOffset >= found) {
      found = lineStartAfter(path, member, member.textOffset, textSize);
    }
    checkpoint.lineStart = found;
    checkpoints.push_back(std::move(checkpoint));
  }
  return GzipIndex(key, spacing, textSize, members->size(), std::move(checkpoints));
}

}  // namespace logmill::workers
