#pragma once
// An output file that is either wholly written or not touched at all, and
// that never destroys what was at its name by accident.
//
// - "-" is standard output (written in place, never closed).
// - A name that is (or is a symbolic link to) something other than a regular
//   file or directory, such as a FIFO, /dev/stdout, a terminal or /dev/full,
//   is written in place: the bytes go to it and it stays what it was.
// - Otherwise (a regular file, a dangling or regular-file symbolic link, or
//   nothing yet) the bytes go to a new temporary file beside it, created with
//   O_EXCL|O_NOFOLLOW under an unpredictable name, which commit() syncs and
//   renames over the name, then syncs the directory. A symbolic link at the
//   name is therefore replaced itself; its target is never written. The new
//   file keeps the permission bits of the regular file it replaces.
// - Until commit() succeeds the old file is intact; a failure (ENOSPC, EIO)
//   or destruction without commit() removes the temporary file. Only a
//   SIGKILL between creation and commit() can leave one behind, named
//   ".<name>.<16 hex digits>.tmp".

#include <string>
#include <string_view>

#include "ipc/posix.hpp"

namespace logmill::ipc {

class AtomicFile {
 public:
  /// Opens `path` for writing as described above. Throws SystemError naming
  /// `path` ("cannot write 'out/x.lmp': Permission denied"), or
  /// std::invalid_argument when `path` is a directory.
  explicit AtomicFile(std::string path);
  /// Removes the temporary file unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Where the bytes go until commit(): the temporary file or the target.
  [[nodiscard]] int fd() const noexcept { return m_fd.get(); }
  /// True when the target is written in place (stdout, FIFO, device...).
  [[nodiscard]] bool inPlace() const noexcept { return m_tempPath.empty(); }

  /// Writes all of `data`; throws SystemError "cannot write '<path>': ...".
  void write(std::string_view data);
  /// Makes the bytes written the file's content: fsync, rename over the
  /// name, fsync the directory. In place there is nothing to replace and
  /// nothing is synced (a pipe cannot be). Throws SystemError naming the path.
  void commit();

 private:
  void openInPlace(int fd);
  void createTemp();

  std::string m_path;
  std::string m_tempPath;  ///< empty when writing in place
  Fd m_fd;
  bool m_ownsFd = true;  ///< false for stdout
  bool m_committed = false;
};

}  // namespace logmill::ipc
