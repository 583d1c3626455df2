#pragma once
// The raw bytes of one input (a file, or "-" for stdin) in large sequential
// blocks, optionally read ahead on a helper thread.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <span>
#include <string>

namespace logmill::workers {

class Prefetcher;

class FileSource {
 public:
  /// Bytes per read: large reads keep system calls off the profile.
  static constexpr std::size_t kBlockSize = std::size_t{1} << 20;

  /// Opens `path` ("-" is stdin). Throws InputError `cannot open 'path':
  /// <reason>` if it cannot be opened or is a directory.
  explicit FileSource(std::string path);
  /// Reads `fd`, which it owns from now on (closed even if this throws),
  /// naming it `name` in errors: a file opened once and read again later
  /// stays that file even if its name is given to another meanwhile.
  FileSource(std::string name, int fd);
  ~FileSource();
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  /// Regular files can start at any offset and be read ahead; stdin and
  /// other pipes cannot.
  [[nodiscard]] bool isSeekable() const { return m_seekable; }

  /// The first bytes of the input (at most kBlockSize, possibly fewer), for
  /// sniffing the format. Call before start(). For a regular file they are
  /// read again by next(); for a pipe they are the first block next() returns.
  [[nodiscard]] std::span<const std::uint8_t> head();

  /// Begins sequential reading at `offset` (ignored when not seekable), with
  /// a read-ahead thread if `prefetch` and the input is seekable.
  void start(std::uint64_t offset, bool prefetch);

  /// The next block; empty at the end. Valid until the next call. Throws
  /// InputError `cannot read 'path' at byte N: <reason>` on a read error.
  [[nodiscard]] std::span<const std::uint8_t> next();

  /// Fills `dst` with the next bytes and returns how many: fewer than
  /// dst.size() only at the end, 0 at the end. Reads straight into `dst`
  /// when it can (no read-ahead thread, no pending head). A read error after
  /// some bytes is thrown by the next call, so those bytes are used first.
  [[nodiscard]] std::size_t readInto(std::span<std::uint8_t> dst);

  /// Bytes handed out by next() and readInto() so far.
  [[nodiscard]] std::uint64_t bytesRead() const { return m_bytesRead; }
  [[nodiscard]] const std::string& path() const { return m_path; }

 private:
  void checkOpened();
  std::size_t readFull(std::span<std::uint8_t> dst);
  void readFull(std::span<std::uint8_t> dst, std::size_t& got);
  void copyBlocks(std::span<std::uint8_t> dst, std::size_t& got);

  std::string m_path;
  int m_fd = -1;
  bool m_ownsFd = false;
  bool m_seekable = false;
  std::uint64_t m_offset = 0;  // next byte readFull() reads
  std::uint64_t m_bytesRead = 0;
  std::unique_ptr<std::uint8_t[]> m_buffer;  // synchronous reads
  std::size_t m_headSize = 0;
  bool m_headPending = false;  // pipe: m_buffer holds the head, not yet handed out
  std::unique_ptr<Prefetcher> m_prefetcher;
  std::span<const std::uint8_t> m_block;  // readInto(): the rest of a block from next()
  std::exception_ptr m_pendingError;      // readInto(): held back until its bytes are used
};

}  // namespace logmill::workers
