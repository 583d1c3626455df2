#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "workers/input/GzipIndex.hpp"
#include "workers/input/InputError.hpp"
#include "workers/input/gzipIndexFile.hpp"

namespace logmill::workers {
namespace {

namespace fs = std::filesystem;

class IndexScratch {
 public:
  IndexScratch() {
    std::string pattern = (fs::temp_directory_path() / "logmill-gzidxfile-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~IndexScratch() {
    std::error_code ignored;
    fs::remove_all(m_path, ignored);
  }
  [[nodiscard]] std::string at(const std::string& name) const { return (m_path / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(at(name), std::ios::binary | std::ios::trunc) << bytes;
    return at(name);
  }
  [[nodiscard]] std::string cache() const { return at("cache/logmill/index"); }

 private:
  fs::path m_path;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

/// A gzip of ~`bytes` of varied log-like lines, via zlib's gz* API.
std::string gzipFile(const std::string& path, std::size_t bytes, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text;
  while (text.size() < bytes) {
    text += "10.1." + std::to_string(rng() % 256) + ".7 - - [01/Jan/2026:00:00:00 +0000] \"GET /";
    for (unsigned k = rng() % 80; k > 0; --k) text += static_cast<char>('a' + rng() % 26);
    text += " HTTP/1.1\" 200 " + std::to_string(rng() % 100000) + "\n";
  }
  gzFile gz = gzopen(path.c_str(), "wb6");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  return text;
}

std::string refusal(const std::string& gz, const std::string& cache) {
  std::string why;
  EXPECT_FALSE(loadGzipIndexOrNull(gz, cache, &why).has_value());
  return why;
}

/// Sets the file's mtime back to what `key` recorded.
void restoreMtime(const std::string& path, const GzipFileKey& key) {
  const timespec times[2] = {{0, UTIME_OMIT},
                             {key.mtimeNs / 1'000'000'000, key.mtimeNs % 1'000'000'000}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

class GzipIndexFile : public testing::Test {
 protected:
  void SetUp() override {
    gz = scratch.at("access.log.gz");
    text = gzipFile(gz, 3 << 20, 1);
    index.emplace(GzipIndex::build(gz, 512 << 10));
    saveGzipIndex(*index, scratch.cache());
    indexPath = scratch.cache() + "/" + gzipIndexFileName(index->key());
  }
  IndexScratch scratch;
  std::string gz, text, indexPath;
  std::optional<GzipIndex> index;
};

TEST_F(GzipIndexFile, RoundTripsAndMissingIsNotAnError) {
  std::string why = "unchanged?";
  const auto loaded = loadGzipIndexOrNull(gz, scratch.cache(), &why);
  ASSERT_TRUE(loaded.has_value()) << why;
  EXPECT_TRUE(why.empty());
  EXPECT_EQ(*loaded, *index);
  EXPECT_GE(loaded->checkpoints().size(), 5u);
  // No index at all: nothing, and nothing to warn about.
  why = "unchanged?";
  EXPECT_FALSE(loadGzipIndexOrNull(gz, scratch.at("elsewhere"), &why).has_value());
  EXPECT_EQ(why, "");
  // Nothing but the index was left in the directory (no temporary file).
  EXPECT_EQ(std::distance(fs::directory_iterator(scratch.cache()), fs::directory_iterator{}), 1);
}

TEST_F(GzipIndexFile, AnAppendedFileMakesItStale) {
  const std::string extra = slurp(gz).substr(0, 100);
  std::ofstream(gz, std::ios::binary | std::ios::app) << extra;
  EXPECT_EQ(refusal(gz, scratch.cache()), "stale: the file was appended to (size " +
                                              std::to_string(index->key().size) + " -> " +
                                              std::to_string(index->key().size + 100) + ")");
}

TEST_F(GzipIndexFile, AChangedTimeOrSameSizeContentMakesItStale) {
  const timespec later[2] = {{0, UTIME_OMIT}, {index->key().mtimeNs / 1'000'000'000 + 5, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, gz.c_str(), later, 0), 0);
  EXPECT_NE(refusal(gz, scratch.cache()).find("stale: the file changed (modification time "),
            std::string::npos);
  // Same size, same time, one byte changed in place (same inode).
  std::string bytes = slurp(gz);
  bytes[bytes.size() - 20] ^= 1;
  std::fstream(gz, std::ios::binary | std::ios::in | std::ios::out) << bytes;
  restoreMtime(gz, index->key());
  EXPECT_EQ(refusal(gz, scratch.cache()), "stale: the file's content changed (same size and time)");
}

TEST_F(GzipIndexFile, AnotherFilesIndexIsRefused) {
  const std::string other = scratch.at("other.log.gz");
  gzipFile(other, 200000, 2);
  // The index file put under the other file's name (as a copy would).
  fs::copy_file(indexPath, scratch.cache() + "/" + gzipIndexFileName(GzipFileKey::of(other)));
  EXPECT_NE(refusal(other, scratch.cache()).find("it belongs to another file (device/inode "),
            std::string::npos);
}

TEST_F(GzipIndexFile, CorruptTruncatedAndFutureIndexesAreRefused) {
  const std::string good = slurp(indexPath);
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  scratch.write("cache/logmill/index/" + gzipIndexFileName(index->key()), flipped);
  EXPECT_EQ(refusal(gz, scratch.cache()), "corrupt (checksum mismatch)");

  scratch.write("cache/logmill/index/" + gzipIndexFileName(index->key()),
                good.substr(0, good.size() - 7));
  EXPECT_EQ(refusal(gz, scratch.cache()), "truncated (" + std::to_string(good.size() - 7) + " of " +
                                              std::to_string(good.size()) + " bytes)");

  scratch.write("cache/logmill/index/" + gzipIndexFileName(index->key()), "");
  EXPECT_EQ(refusal(gz, scratch.cache()), "not a gzip index");

  std::string future = good;
  future[8] = 9;  // the version, right after the magic
  scratch.write("cache/logmill/index/" + gzipIndexFileName(index->key()), future);
  EXPECT_EQ(refusal(gz, scratch.cache()), "version 9, this logmill reads version 1");
}

TEST_F(GzipIndexFile, ACorrectChecksumOverInconsistentFieldsIsStillRefused) {
  std::string bytes = slurp(indexPath);
  // The second checkpoint's compressed bit offset (header 92 bytes, then the
  // first checkpoint, a member start: 44 bytes and no window) made huge.
  const std::size_t at = 92 + 44;
  for (std::size_t i = 0; i < 8; ++i) bytes[at + i] = static_cast<char>(0xff);
  const uLong crc =
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size() - 4));
  for (std::size_t i = 0; i < 4; ++i)
    bytes[bytes.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
  std::string why;
  EXPECT_FALSE(decodeGzipIndex(bytes, &why).has_value());
  EXPECT_EQ(why, "corrupt (checkpoint outside the file)");
}

/// `bytes` with its length field and CRC made right again, as a forger would.
std::string resealed(std::string bytes) {
  for (std::size_t i = 0; i < 8; ++i) bytes[12 + i] = static_cast<char>(bytes.size() >> (8 * i));
  const uLong crc =
      crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size() - 4));
  for (std::size_t i = 0; i < 4; ++i)
    bytes[bytes.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
  return bytes;
}

TEST_F(GzipIndexFile, ASealedIndexWhoseCheckpointsDoNotEndAtTheChecksumIsRefused) {
  const std::string good = encodeGzipIndex(*index);
  std::string why;
  // Four extra bytes before the checksum.
  std::string longer = good;
  longer.insert(good.size() - 4, "junk");
  EXPECT_FALSE(decodeGzipIndex(resealed(longer), &why).has_value());
  EXPECT_EQ(why, "corrupt (bytes after the checkpoints)");
  // The last window said to be 2 bytes longer: it would run into the checksum.
  std::string overlapping = good;
  const std::size_t lengthAt = good.size() - 4 - index->checkpoints().back().window.size() - 4;
  overlapping[lengthAt] = static_cast<char>(static_cast<std::uint8_t>(overlapping[lengthAt]) + 2);
  EXPECT_FALSE(decodeGzipIndex(resealed(overlapping), &why).has_value());
  EXPECT_EQ(why, "corrupt (checkpoints run past the end)");
}

TEST_F(GzipIndexFile, ConcurrentWritersLeaveOneGoodIndex) {
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([this] {
      for (int k = 0; k < 20; ++k) saveGzipIndex(*index, scratch.cache());
    });
  }
  for (auto& writer : writers) writer.join();
  std::string why;
  EXPECT_TRUE(loadGzipIndexOrNull(gz, scratch.cache(), &why).has_value()) << why;
  EXPECT_EQ(std::distance(fs::directory_iterator(scratch.cache()), fs::directory_iterator{}), 1);
}

TEST_F(GzipIndexFile, AnUnwritableDirectoryIsAnErrorNamingTheFile) {
  const std::string blocker = scratch.write("not-a-dir", "x");
  try {
    saveGzipIndex(*index, blocker + "/index");
    FAIL() << "saved under a regular file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write gzip index '" + blocker + "/index/"),
              std::string::npos)
        << e.what();
  }
}

TEST(GzipIndexSize, IsBelowOnePercentOfTheTextAtTheDefaultSpacing) {
  IndexScratch scratch;
  const std::string gz = scratch.at("big.log.gz");
  // Random letters compress worse than real log lines: a pessimistic case.
  const std::string text = gzipFile(gz, 13 << 20, 3);
  const GzipIndex index = GzipIndex::build(gz);
  EXPECT_EQ(index.checkpoints().size(), 4u);
  EXPECT_LT(encodeGzipIndex(index).size() * 100, text.size());
}

TEST(GzipIndexDir, FollowsXdgCacheHomeThenHome) {
  const char* savedXdg = std::getenv("XDG_CACHE_HOME");
  const std::string xdg = savedXdg != nullptr ? savedXdg : "";
  ::setenv("XDG_CACHE_HOME", "/var/cache/me", 1);
  EXPECT_EQ(defaultGzipIndexDir(), "/var/cache/me/logmill/index");
  ::setenv("XDG_CACHE_HOME", "relative", 1);  // not absolute: ignored, as the spec says
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') {
    EXPECT_EQ(defaultGzipIndexDir(), std::string(home) + "/.cache/logmill/index");
  }
  if (savedXdg != nullptr) {
    ::setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace logmill::workers
