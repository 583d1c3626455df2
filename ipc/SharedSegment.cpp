#include "ipc/SharedSegment.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <boost/interprocess/permissions.hpp>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "ipc/posix.hpp"

namespace logmill::ipc {

namespace bip = boost::interprocess;

namespace {

constexpr const char* kShmDir = "/dev/shm";

[[noreturn]] void rethrow(const bip::interprocess_exception& e, const std::string& context) {
  if (e.get_native_error() != 0) throw SystemError(e.get_native_error(), context);
  throw std::runtime_error(context + ": " + e.what());
}

// Makes tmpfs commit the pages now: a lazily allocated segment on a full
// /dev/shm would raise SIGBUS on first touch, in whichever process that is.
void reserve(const std::string& name, std::size_t bytes) {
  const std::string context = "reserve " + std::to_string(bytes) + " bytes in " + kShmDir +
                              " for shared memory segment " + name;
  Fd fd(::shm_open(("/" + name).c_str(), O_RDWR | O_CLOEXEC, 0), name);
  if (!fd) throw SystemError(errno, context);
  const int rc = sys.posixFallocate(fd.get(), 0, static_cast<off_t>(bytes));
  if (rc != 0) throw SystemError(rc, context);
}

// Parses "logmill-<pid>-..." into pid; 0 if the name is not in that form.
pid_t ownerPid(const std::string& file) {
  const std::string_view prefix = kSegmentPrefix;
  if (file.compare(0, prefix.size(), prefix) != 0) return 0;
  const char* begin = file.data() + prefix.size();
  const char* end = file.data() + file.size();
  pid_t pid = 0;
  const auto [next, ec] = std::from_chars(begin, end, pid);
  if (ec != std::errc() || next == begin || next == end || *next != '-' || pid <= 0) return 0;
  return pid;
}

}  // namespace

std::string makeSegmentName() {
  std::array<std::byte, 16> random{};
  randomBytes(random);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = kSegmentPrefix + std::to_string(::getpid()) + "-";
  for (std::byte b : random) {
    name += kHex[std::to_integer<unsigned>(b) >> 4];
    name += kHex[std::to_integer<unsigned>(b) & 0xF];
  }
  return name;
}

SharedSegment::SharedSegment(std::string name, std::unique_ptr<Managed> managed, bool owner)
    : m_name(std::move(name)), m_managed(std::move(managed)), m_owner(owner) {}

SharedSegment SharedSegment::create(std::size_t bytes) {
  const std::string name = makeSegmentName();
  std::unique_ptr<Managed> managed;
  try {
    managed = std::make_unique<Managed>(bip::create_only, name.c_str(), bytes, nullptr,
                                        bip::permissions(0600));
  } catch (const bip::interprocess_exception& e) {
    rethrow(e, "create shared memory segment " + std::string(kShmDir) + "/" + name + " of " +
                   std::to_string(bytes) + " bytes");
  }
  SharedSegment segment(name, std::move(managed), true);
  reserve(name, bytes);  // on failure, `segment` removes the name
  return segment;
}

SharedSegment SharedSegment::open(const std::string& name) {
  try {
    return SharedSegment(name, std::make_unique<Managed>(bip::open_only, name.c_str()), false);
  } catch (const bip::interprocess_exception& e) {
    rethrow(e, "open shared memory segment " + std::string(kShmDir) + "/" + name);
  }
}

SharedSegment::SharedSegment(SharedSegment&& other) noexcept
    : m_name(std::move(other.m_name)),
      m_managed(std::move(other.m_managed)),
      m_owner(std::exchange(other.m_owner, false)) {}

SharedSegment& SharedSegment::operator=(SharedSegment&& other) noexcept {
  if (this != &other) {
    remove();
    m_name = std::move(other.m_name);
    m_managed = std::move(other.m_managed);
    m_owner = std::exchange(other.m_owner, false);
  }
  return *this;
}

SharedSegment::~SharedSegment() {
  remove();
}

std::string SharedSegment::path() const {
  return std::string(kShmDir) + "/" + m_name;
}

std::size_t SharedSegment::size() const {
  return m_managed ? m_managed->get_size() : 0;
}

void SharedSegment::remove() noexcept {
  if (!m_owner) return;
  m_owner = false;
  bip::shared_memory_object::remove(m_name.c_str());
}

std::size_t removeStaleSegments() {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kShmDir, ec)) {
    const std::string file = entry.path().filename().string();
    const pid_t pid = ownerPid(file);
    if (pid == 0) continue;
    // EPERM means the process exists (another user's): not ours to judge.
    if (sys.kill(pid, 0) == 0 || errno != ESRCH) continue;
    if (::shm_unlink(("/" + file).c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace logmill::ipc
