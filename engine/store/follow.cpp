#include "engine/store/follow.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include "engine/Interrupted.hpp"
#include "engine/store/FileWatch.hpp"
#include "engine/store/Store.hpp"
#include "engine/store/holdBackWrittenFiles.hpp"

namespace logmill::engine::store {
namespace {

using Clock = std::chrono::steady_clock;

/// SIGINT/SIGTERM held back for its lifetime (FileWatch::wait lets them
/// in), so a round is never cut by EINTR: a signal ends the follow after it.
class SignalBlock {
 public:
  SignalBlock() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &set, &m_old);
  }
  ~SignalBlock() { ::sigprocmask(SIG_SETMASK, &m_old, nullptr); }
  SignalBlock(const SignalBlock&) = delete;
  SignalBlock& operator=(const SignalBlock&) = delete;

 private:
  sigset_t m_old{};
};

/// A file PATH followed by name: the file it names, held open so that once
/// renamed away (rotated) it can still be read to its end.
class FollowedFile {
 public:
  explicit FollowedFile(std::string name) : m_name(std::move(name)) {}
  ~FollowedFile() {
    closeFd(m_fd);
    for (const Rotated& r : m_rotated) closeFd(r.fd);
  }
  FollowedFile(const FollowedFile&) = delete;
  FollowedFile& operator=(const FollowedFile&) = delete;

  [[nodiscard]] const std::string& name() const { return m_name; }

  /// Before a round: notices a rotation, opens what the name holds now, and
  /// lists the rotated files still to read.
  void prepare(std::vector<NamedFile>& out) {
    struct stat now {};
    const bool exists = ::stat(m_name.c_str(), &now) == 0 && S_ISREG(now.st_mode);
    if (m_fd >= 0 && (!exists || now.st_dev != m_dev || now.st_ino != m_ino)) {
      m_rotated.push_back({m_fd, -1});
      m_fd = -1;
    }
    if (m_fd < 0 && exists) {
      m_fd = ::open(m_name.c_str(), O_RDONLY | O_CLOEXEC);
      struct stat st {};
      if (m_fd >= 0 && ::fstat(m_fd, &st) == 0) {
        m_dev = st.st_dev;
        m_ino = st.st_ino;
      }
    }
    for (const Rotated& r : m_rotated) {
      out.push_back({"/proc/self/fd/" + std::to_string(r.fd), m_name + " (rotated)"});
    }
  }

  /// After a round: lets go of rotated files that did not grow since the
  /// round before (the writer has moved to the new file).
  void settle() {
    std::erase_if(m_rotated, [](Rotated& r) {
      struct stat st {};
      const off_t size = ::fstat(r.fd, &st) == 0 ? st.st_size : -1;
      if (size == r.lastSize) {
        closeFd(r.fd);
        return true;
      }
      r.lastSize = size;
      return false;
    });
  }

 private:
  struct Rotated {
    int fd;
    off_t lastSize;  // at the last round; -1 before the first
  };
  static void closeFd(int fd) {
    if (fd >= 0) ::close(fd);
  }

  std::string m_name;
  int m_fd = -1;
  dev_t m_dev = 0;
  ino_t m_ino = 0;
  std::vector<Rotated> m_rotated;
};

/// The followed PATHs: directories watched whole, files by name.
class Followed {
 public:
  explicit Followed(const std::vector<std::string>& paths) {
    for (const std::string& p : paths) {
      std::error_code ec;
      if (std::filesystem::is_directory(p, ec)) {
        m_dirs.push_back(p);
      } else {
        m_files.push_back(std::make_unique<FollowedFile>(p));
      }
    }
  }

  void watch(FileWatch& watch) const {
    for (const std::string& d : m_dirs) watch.watchDirectory(d, true);
    for (const auto& f : m_files) {
      const std::filesystem::path parent = std::filesystem::path(f->name()).parent_path();
      watch.watchDirectory(parent.empty() ? "." : parent.string(), false);
      watch.watchFile(f->name());
    }
  }

  void prepare(IngestOptions& round) {
    round.namedFiles.clear();
    for (const auto& f : m_files) f->prepare(round.namedFiles);
  }

  void settle() {
    for (const auto& f : m_files) f->settle();
  }

 private:
  std::vector<std::string> m_dirs;
  std::vector<std::unique_ptr<FollowedFile>> m_files;
};

/// The followed PATHs that do not exist: said once each, not every round,
/// and again only after the path was seen and vanished.
class MissingPaths {
 public:
  explicit MissingPaths(const std::vector<std::string>& paths) : m_paths(paths) {}

  /// Drops from `result` the errors already said of paths still missing.
  void filter(IngestResult& result) {
    std::error_code ec;
    std::erase_if(m_said, [&](const std::string& p) { return std::filesystem::exists(p, ec); });
    std::erase_if(result.errors, [&](const workers::FileError& e) {
      if (std::find(m_paths.begin(), m_paths.end(), e.path) == m_paths.end() ||
          std::filesystem::exists(e.path, ec)) {
        return false;  // not a missing PATH: every round's error is news
      }
      return !m_said.insert(e.path).second;
    });
  }

 private:
  std::vector<std::string> m_paths;
  std::set<std::string> m_said;
};

/// Sleeps until `until`; false if a signal came first.
bool sleepUntil(FileWatch& watch, Clock::time_point until) {
  for (Clock::time_point now = Clock::now(); now < until; now = Clock::now()) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - now);
    if (watch.wait(left, false) == FileWatch::Wake::kSignal) return false;
  }
  return pendingInterrupt() == 0;
}

/// The rounds of follow(), until a signal ends them.
void followRounds(Store& store, const FollowOptions& options,
                  const std::function<void(Store&, IngestResult&)>& onRound) {
  FileWatch watch(options.poll);
  Followed followed(options.ingest.paths);
  MissingPaths missing(options.ingest.paths);
  IngestOptions round = options.ingest;
  // A file modified this recently may still be being written (compressed).
  const std::chrono::nanoseconds quiet =
      std::max<std::chrono::nanoseconds>(2 * options.interval, std::chrono::seconds(2));
  for (;;) {
    // Watches before reading: a change made during the round wakes the next.
    watch.discard();
    followed.watch(watch);
    followed.prepare(round);
    const Clock::time_point started = Clock::now();
    IngestResult result = ingestInto(store, round);
    followed.settle();
    missing.filter(result);
    const std::size_t held =
        holdBackWrittenFiles(result.errors, quiet, std::chrono::system_clock::now());
    onRound(store, result);
    if (pendingInterrupt() != 0) return;
    if (result.more) {
      // A backlog: the next round at once, unless a signal is waiting (held
      // back during the round, let in by this zero wait).
      if (watch.wait(std::chrono::milliseconds(0), false) == FileWatch::Wake::kSignal) {
        return;
      }
      continue;
    }
    // Polling: a round every interval. inotify: a round after a change
    // (or the safety round), never sooner than an interval after the last;
    // after an interval too while a file's error is held back.
    if (watch.active() && held == 0) {
      const Clock::time_point safety = started + options.safetyRound;
      for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(safety - Clock::now());
        const FileWatch::Wake wake = watch.wait(std::max(left, std::chrono::milliseconds(0)));
        if (wake == FileWatch::Wake::kSignal) return;
        if (wake == FileWatch::Wake::kChange || Clock::now() >= safety) break;
      }
    }
    if (!sleepUntil(watch, started + options.interval)) return;
  }
}

}  // namespace

void follow(const FollowOptions& options, const std::function<void(Store&, IngestResult&)>& onRound,
            const std::function<void(Store&)>& onEnd) {
  InterruptGuard interrupts;
  SignalBlock block;
  Store store(options.ingest.storePath, Store::Open::kCreate, options.ingest.busyMs);
  followRounds(store, options, onRound);
  if (onEnd) onEnd(store);
}

}  // namespace logmill::engine::store
