#include "ipc/BlockRing.hpp"

#include <cstdint>
#include <stdexcept>

namespace logmill::ipc {
namespace {

constexpr std::uint64_t kRingMagic = 0x676e69526b6c424cull;  // "LBlkRing"
// Header words: magic, slot count, slot size; the slots follow.
constexpr std::size_t kHeaderWords = 3;

/// A word of the ring left as it is when constructed: zero-filling 64 MiB
/// would make every page resident in the coordinator at once.
struct RawWord {
  std::uint64_t value;
  RawWord() {}  // NOLINT: deliberately no initialisation
};
static_assert(sizeof(RawWord) == 8);

std::size_t wordsFor(std::uint32_t slots, std::size_t slotBytes) {
  return kHeaderWords + (std::uint64_t{slots} * slotBytes + 7) / 8;
}

}  // namespace

std::size_t BlockRing::bytesNeeded(std::uint32_t slots, std::size_t slotBytes) {
  return wordsFor(slots, slotBytes) * 8;
}

BlockRing BlockRing::create(SharedSegment& segment, const std::string& name, std::uint32_t slots,
                            std::size_t slotBytes) {
  if (slots == 0 || slotBytes == 0) throw std::invalid_argument("block ring '" + name + "': empty");
  std::uint64_t* words = nullptr;
  try {
    RawWord* raw = segment.managed().construct<RawWord>(name.c_str())[wordsFor(slots, slotBytes)]();
    words = &raw->value;
  } catch (const std::exception& e) {
    throw std::runtime_error(
        "create block ring '" + name + "' (" + std::to_string(bytesNeeded(slots, slotBytes)) +
        " bytes) in shared memory segment " + segment.name() + ": " + e.what());
  }
  words[1] = slots;
  words[2] = slotBytes;
  words[0] = kRingMagic;
  return BlockRing(reinterpret_cast<char*>(words + kHeaderWords), slots, slotBytes);
}

BlockRing BlockRing::open(SharedSegment& segment, const std::string& name) {
  const auto [raw, count] = segment.managed().find_no_lock<RawWord>(name.c_str());
  const std::uint64_t* words = raw ? &raw->value : nullptr;
  const std::string where = "block ring '" + name + "' in shared memory segment " + segment.name();
  if (words == nullptr) throw std::runtime_error(where + " does not exist");
  if (count < kHeaderWords || words[0] != kRingMagic) {
    throw std::runtime_error(where + " is not a block ring (bad magic)");
  }
  // The shape is checked against the object's real size once, then kept.
  const std::uint64_t slots = words[1], slotBytes = words[2];
  if (slots == 0 || slots > UINT32_MAX || slotBytes == 0 ||
      slotBytes > (count - kHeaderWords) * 8 / slots) {
    throw std::runtime_error(where + " has a bad shape");
  }
  return BlockRing(reinterpret_cast<char*>(&raw->value + kHeaderWords),
                   static_cast<std::uint32_t>(slots), slotBytes);
}

std::span<char> BlockRing::slot(std::uint32_t i) const {
  if (i >= m_slots) throw std::out_of_range("block ring slot " + std::to_string(i));
  return {m_data + offsetOf(i), m_slotBytes};
}

std::string_view BlockRing::view(std::uint64_t begin, std::uint64_t end) const {
  const std::uint64_t size = std::uint64_t{m_slots} * m_slotBytes;
  if (begin > end || end > size || begin % m_slotBytes != 0 || end - begin > m_slotBytes) {
    throw std::out_of_range("block ring bytes [" + std::to_string(begin) + ", " +
                            std::to_string(end) + ") are not within one slot");
  }
  return {m_data + begin, end - begin};
}

}  // namespace logmill::ipc
