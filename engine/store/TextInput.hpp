#pragma once
// The text of one log file, plain or gzip (recognized by its magic bytes),
// read sequentially from a text offset: a plain file seeks, a gzip file is
// inflated from its start and the text before the offset passed over.
// Every read is of the file opened first, through its descriptor: a
// rotation that gives the name to a new file meanwhile changes nothing.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "workers/input/FileSource.hpp"
#include "workers/input/InflaterStream.hpp"

namespace logmill::engine::store {

/// A gzip file's last eight bytes: CRC-32 and length mod 2^32 of the text
/// of its last member (of all its text when it has one member).
struct GzipTrailer {
  std::uint32_t crc = 0;
  std::uint32_t size = 0;
};

class TextInput {
 public:
  /// Opens `path`; throws workers::InputError naming it. A file of under
  /// two bytes then has no text for this reader (whatever is written to it
  /// later), so a gzip file still being created is never read as plain.
  explicit TextInput(std::string path);
  ~TextInput();
  TextInput(const TextInput&) = delete;
  TextInput& operator=(const TextInput&) = delete;

  [[nodiscard]] bool isGzip() const { return m_gzip; }
  /// A gzip file's trailer, read without inflating (nullopt if too short).
  [[nodiscard]] std::optional<GzipTrailer> trailer() const;
  /// The first min(n, text size) text bytes.
  [[nodiscard]] std::string head(std::size_t n);
  /// Plain files: the text size (the file size now).
  [[nodiscard]] std::uint64_t plainSize() const;
  /// Plain files: text [offset, offset + n), fewer at the end.
  [[nodiscard]] std::string readAt(std::uint64_t offset, std::size_t n) const;

  /// Starts reading at text offset `offset` (gzip: from 0, passing `offset`
  /// bytes to start() callers through read(); plain: a seek).
  void start(std::uint64_t offset);
  /// The next text bytes into `out`; 0 at the end. Throws InputError on damage.
  [[nodiscard]] std::size_t read(std::span<std::uint8_t> out);
  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] std::uint64_t bytesIn() const;

 private:
  [[nodiscard]] int dupFd() const;  // the file opened, for a FileSource to own

  std::string m_path;
  int m_fd = -1;
  bool m_gzip = false;
  bool m_unknownYet = false;  // under 2 bytes at open: no text this time
  std::unique_ptr<workers::FileSource> m_source;
  std::unique_ptr<workers::InflaterStream> m_inflater;
};

}  // namespace logmill::engine::store
