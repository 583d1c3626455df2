#include "workers/input/TextSource.hpp"

#include <exception>

#include "workers/input/InputError.hpp"
#include "workers/input/gzipMagic.hpp"

namespace logmill::workers {
namespace {

bool namedGz(const std::string& path) {
  if (path.size() < 3) return false;
  const std::string_view ext = std::string_view(path).substr(path.size() - 3);
  return ext == ".gz" || ext == ".GZ" || ext == ".Gz" || ext == ".gZ";
}

}  // namespace

TextSource::TextSource(std::string path, InflaterKind inflater, InflateObserver* observer)
    : m_source(path) {
  const auto head = m_source.head();
  const bool gzip = hasGzipMagic(head);
  if (!gzip && !head.empty() && namedGz(path)) {
    throw InputError(path + ": not a gzip file (bad magic)");
  }
  m_source.start(0, false);
  if (!gzip) return;
  const std::string name = path == "-" ? std::string("<stdin>") : path;
  m_gzip.emplace(
      observer ? makeBlockInflater(inflater, observer->blockEndSpacing()) : makeInflater(inflater),
      [this] { return m_source.next(); }, name);
  m_gzip->setObserver(observer);
}

std::size_t TextSource::read(std::span<std::uint8_t> out) {
  if (m_pendingError) std::rethrow_exception(m_pendingError);
  if (!m_gzip) return m_source.readInto(out);
  std::size_t got = 0;
  try {
    while (got < out.size()) {
      const std::size_t n = m_gzip->read(out.subspan(got));
      if (n == 0) break;
      got += n;
    }
  } catch (const InputError&) {
    // The text before the damage is handed out first, the error next call.
    if (got == 0) throw;
    m_pendingError = std::current_exception();
  }
  return got;
}

}  // namespace logmill::workers
