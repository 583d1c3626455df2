#include "engine/store/ingestFile.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "engine/store/TextInput.hpp"
#include "workers/map/DailyMapper.hpp"

namespace logmill::engine::store {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;
constexpr std::size_t kNoStream = static_cast<std::size_t>(-1);

/// A gzip file whose trailer (CRC-32, length) is a stream's whole committed
/// text, and which starts like it: already ingested, known without inflating
/// more than its fingerprint.
std::optional<std::size_t> completedStream(TextInput& in, const std::string& head,
                                           const std::vector<StreamState>& streams) {
  const std::optional<GzipTrailer> trailer = in.trailer();
  if (!trailer) return std::nullopt;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const StreamState& s = streams[i];
    if (s.crc == trailer->crc && static_cast<std::uint32_t>(s.offset) == trailer->size &&
        s.fingerprintMatches(head)) {
      return i;
    }
  }
  return std::nullopt;
}

/// A plain file continues a stream when the bytes before its committed
/// offset are the ones last committed.
std::optional<StreamCursor> plainContinues(TextInput& in, const StreamState& s) {
  if (in.plainSize() < s.offset) return std::nullopt;
  std::string tail = in.readAt(s.offset - s.tailBytes, s.tailBytes);
  if (tail.size() != s.tailBytes || textHash(tail) != s.tailHash) return std::nullopt;
  return StreamCursor(s, std::move(tail));
}

/// A gzip file continues a stream when its text up to the committed offset
/// has the committed CRC-32; the input is then positioned there.
std::optional<StreamCursor> gzipContinues(TextInput& in, const StreamState& s) {
  in.start(0);
  StreamCursor cursor;
  const auto buffer = std::make_unique_for_overwrite<char[]>(kBlock);
  while (cursor.offset() < s.offset) {
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, s.offset - cursor.offset()));
    const std::size_t n = in.read({reinterpret_cast<std::uint8_t*>(buffer.get()), want});
    if (n == 0) return std::nullopt;
    cursor.advance({buffer.get(), n});
  }
  if (cursor.crc() != s.crc) return std::nullopt;
  return cursor;
}

/// Maps the text from the input's position into `mapper`, advancing
/// `committed` over whole lines only, and over a last unterminated line too
/// when the file is `finished` (a gzip file never grows).
class NewText {
 public:
  NewText(workers::DailyMapper& mapper, StreamCursor& committed)
      : m_mapper(mapper), m_committed(committed) {}

  /// Reads to the end, or (maxLines > 0) until at least maxLines lines
  /// were committed; returns false if it stopped before the end.
  bool read(TextInput& in, bool finished, std::uint64_t maxLines) {
    // Not zero-filled: an unchanged file (most of them, most runs) then
    // never touches the block's pages (8 files: 8 MiB of page faults).
    const auto block = std::make_unique_for_overwrite<char[]>(kBlock);
    for (;;) {
      if (maxLines > 0 && m_lines >= maxLines) return false;
      const std::size_t n = in.read({reinterpret_cast<std::uint8_t*>(block.get()), kBlock});
      if (n == 0) break;
      feed({block.get(), n});
    }
    if (!finished) return true;  // a partial last line waits for its end
    if (m_overlong) {
      m_mapper.addOverlong(m_overlongBytes);
      m_committed = m_pending;
      ++m_lines;
    } else if (!m_carry.empty()) {
      commit(m_carry);
      ++m_lines;  // the last line had no '\n'
    }
    return true;
  }

  [[nodiscard]] std::uint64_t lines() const { return m_lines; }

 private:
  void commit(std::string_view lines) {
    m_mapper.mapText(lines);
    m_committed.advance(lines);
    m_lines += static_cast<std::uint64_t>(std::count(lines.begin(), lines.end(), '\n'));
  }

  void feed(std::string_view data) {
    while (!data.empty()) {
      if (m_overlong) {
        const std::size_t nl = data.find('\n');
        const std::string_view piece = data.substr(0, nl == data.npos ? data.size() : nl + 1);
        m_pending.advance(piece);
        m_overlongBytes += piece.size();
        data.remove_prefix(piece.size());
        if (nl != data.npos) {
          ++m_lines;
          m_mapper.addOverlong(m_overlongBytes);
          m_committed = m_pending;
          m_overlong = false;
        }
        continue;
      }
      const std::size_t first = data.find('\n');
      if (first == data.npos) {
        m_carry.append(data);
        data = {};
      } else if (!m_carry.empty()) {
        m_carry.append(data.substr(0, first + 1));
        commit(m_carry);
        m_carry.clear();
        data.remove_prefix(first + 1);
        continue;
      } else {
        const std::size_t last = data.rfind('\n');
        commit(data.substr(0, last + 1));
        m_carry.assign(data.substr(last + 1));
        data = {};
      }
      // A line too long to parse is passed over, not held in memory.
      if (m_carry.size() > workers::DailyMapper::kMaxLineBytes) {
        m_overlong = true;
        m_pending = m_committed;
        m_pending.advance(m_carry);
        m_overlongBytes = m_carry.size();
        m_carry.clear();
      }
    }
  }

  workers::DailyMapper& m_mapper;
  StreamCursor& m_committed;
  std::string m_carry;  // text after the last '\n' so far
  bool m_overlong = false;
  StreamCursor m_pending;  // m_committed plus the overlong line so far
  std::uint64_t m_overlongBytes = 0;
  std::uint64_t m_lines = 0;  // lines committed
};

/// The stream the file continues (its index and position), trying streams
/// that start like it, the furthest committed first.
std::optional<std::pair<std::size_t, StreamCursor>> findStream(
    TextInput& in, const std::string& head, const std::vector<StreamState>& streams,
    std::vector<std::string>& notes) {
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (streams[i].fingerprintMatches(head)) candidates.push_back(i);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    return streams[a].offset > streams[b].offset;
  });
  for (const std::size_t i : candidates) {
    auto cursor = in.isGzip() ? gzipContinues(in, streams[i]) : plainContinues(in, streams[i]);
    if (cursor) return std::pair{i, std::move(*cursor)};
  }
  if (!candidates.empty()) {
    const StreamState& s = streams[candidates.front()];
    notes.push_back(in.path() + ": starts like the stream last read from '" + s.lastPath +
                    "' but its text differs before byte " + std::to_string(s.offset) +
                    " (truncated and rewritten?); read as a new stream");
  }
  return std::nullopt;
}

}  // namespace

FileIngest ingestFile(const std::string& path, std::vector<StreamState>& streams,
                      const std::string& logFormat, std::uint64_t maxLines) {
  TextInput in(path);
  FileIngest out;
  const std::string head = in.head(kFingerprintBytes);
  if (in.isGzip()) {
    if (const auto done = completedStream(in, head, streams)) {
      out.stream = *done;
      out.unchanged = true;
      return out;
    }
  }
  workers::DailyMapper mapper(logFormat);
  auto found = findStream(in, head, streams, out.notes);
  StreamCursor cursor = found ? found->second : StreamCursor();
  if (!found || !in.isGzip()) in.start(cursor.offset());  // gzip: positioned by the check
  const std::uint64_t before = cursor.offset();
  NewText text(mapper, cursor);
  out.more = !text.read(in, in.isGzip(), maxLines);
  out.lines = text.lines();
  out.textBytes = cursor.offset() - before;
  out.unchanged = out.textBytes == 0;
  out.days = std::move(mapper.days());
  if (out.unchanged) {
    out.stream = found ? found->first : kNoStream;
    return out;
  }
  if (!found) {
    streams.emplace_back();
    found.emplace(streams.size() - 1, StreamCursor());
  }
  out.stream = found->first;
  StreamState& stream = streams[out.stream];
  cursor.commitTo(stream, head);
  stream.lastPath = path;
  return out;
}

}  // namespace logmill::engine::store
