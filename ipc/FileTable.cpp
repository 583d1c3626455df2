#include "ipc/FileTable.hpp"

#include <cstring>
#include <stdexcept>

#include "ipc/Frame.hpp"  // crc32

namespace logmill::ipc {

namespace bip = boost::interprocess;

namespace {

constexpr std::uint64_t kTableMagic = 0x31656C6946544D4CULL;  // "LMTFile1"
constexpr std::size_t kHeaderWords = 2;

std::size_t charBytes(const std::vector<std::string>& paths) {
  std::size_t n = 0;
  for (const std::string& p : paths) n += p.size();
  return n;
}

std::size_t wordsFor(std::size_t count, std::size_t chars) {
  return kHeaderWords + 2 * count + (chars + 7) / 8;
}

}  // namespace

std::size_t FileTable::bytesNeeded(const std::vector<std::string>& paths) {
  return 8 * wordsFor(paths.size(), charBytes(paths));
}

FileTable FileTable::create(SharedSegment& segment, const std::string& name,
                            const std::vector<std::string>& paths) {
  if (paths.size() > UINT32_MAX) throw std::length_error("file table: too many files");
  const std::size_t chars = charBytes(paths);
  const std::size_t words = wordsFor(paths.size(), chars);
  std::uint64_t* w = nullptr;
  try {
    w = segment.managed().construct<std::uint64_t>(name.c_str())[words](0);
  } catch (const bip::interprocess_exception& e) {
    throw std::runtime_error("create file table '" + name + "' of " + std::to_string(paths.size()) +
                             " paths (" + std::to_string(8 * words) +
                             " bytes) in shared memory segment " + segment.name() + ": " +
                             e.what());
  }
  w[0] = kTableMagic;
  w[1] = paths.size();
  char* area = reinterpret_cast<char*>(w + kHeaderWords + 2 * paths.size());
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    w[kHeaderWords + 2 * i] = offset;
    w[kHeaderWords + 2 * i + 1] = paths[i].size();
    std::memcpy(area + offset, paths[i].data(), paths[i].size());
    offset += paths[i].size();
  }
  return FileTable(w, static_cast<std::uint32_t>(paths.size()), area);
}

FileTable FileTable::open(SharedSegment& segment, const std::string& name) {
  const auto [w, words] = segment.managed().find_no_lock<std::uint64_t>(name.c_str());
  const std::string where = "file table '" + name + "' in shared memory segment " + segment.name();
  if (w == nullptr) throw std::runtime_error(where + " does not exist");
  if (words < kHeaderWords || w[0] != kTableMagic || w[1] > UINT32_MAX ||
      words < kHeaderWords + 2 * w[1]) {
    throw std::runtime_error(where + " is malformed (bad header)");
  }
  const std::size_t count = w[1];
  const std::size_t charArea = 8 * (words - kHeaderWords - 2 * count);
  // Check every entry once here so path() can trust them.
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t off = w[kHeaderWords + 2 * i];
    const std::uint64_t len = w[kHeaderWords + 2 * i + 1];
    if (off > charArea || len > charArea - off) {
      throw std::runtime_error(where + " is malformed (entry " + std::to_string(i) +
                               " points outside the table)");
    }
  }
  const char* area = reinterpret_cast<const char*>(w + kHeaderWords + 2 * count);
  return FileTable(w, static_cast<std::uint32_t>(count), area);
}

std::uint32_t FileTable::checksum() const {
  std::uint32_t crc = 0;
  for (std::uint32_t i = 0; i < m_count; ++i) {
    const std::string_view p = path(i);
    const std::uint64_t length = p.size();
    crc = crc32(std::string_view(reinterpret_cast<const char*>(&length), sizeof length), crc);
    crc = crc32(p, crc);
  }
  return crc;
}

std::string_view FileTable::path(std::uint32_t index) const {
  if (index >= m_count) {
    throw std::out_of_range("file index " + std::to_string(index) + " is outside the file table (" +
                            std::to_string(m_count) + " files)");
  }
  const std::uint64_t off = m_words[kHeaderWords + 2 * index];
  const std::uint64_t len = m_words[kHeaderWords + 2 * index + 1];
  return {m_chars + off, static_cast<std::size_t>(len)};
}

}  // namespace logmill::ipc
