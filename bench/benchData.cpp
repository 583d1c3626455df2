#include "bench/benchData.hpp"

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "datasets/Generator.hpp"

namespace logmill::bench {
namespace {

namespace fs = std::filesystem;

std::string dataDir() {
  const char* tmp = std::getenv("TMPDIR");
  const fs::path base = tmp != nullptr && *tmp != '\0' ? fs::path(tmp) : fs::path("/tmp");
  return (base / ("logmill-bench-seed1-" + std::to_string(kLines))).string();
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open '" + path + "'");
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// Inflates every gzip member of `gz` with plain zlib.
std::string gunzip(const std::string& gz, const std::string& name) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  char chunk[1 << 16];
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
    } else if (rc != Z_OK) {
      inflateEnd(&zs);
      throw std::runtime_error(name + ": cannot inflate (zlib error " + std::to_string(rc) + ")");
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace

const std::string& gzipPath() {
  static const std::string path = [] {
    const std::string dir = dataDir();
    const std::string file = dir + "/access-000.log.gz";
    // Our own marker, written once generate() has returned: its presence
    // means the set is complete (an interrupted run leaves none).
    const std::string marker = dir + "/.logmill-bench-complete";
    if (!fs::exists(marker)) {
      datasets::GenOptions opts;
      opts.dir = dir;
      opts.files = 1;
      opts.linesPerFile = kLines;
      opts.seed = 1;
      (void)datasets::generate(opts);
      std::ofstream(marker) << "datasets::generate seed 1, " << kLines << " lines\n";
    }
    return file;
  }();
  return path;
}

const std::string& gzipBytes() {
  static const std::string bytes = readFile(gzipPath());
  return bytes;
}

const std::string& plainText() {
  static const std::string text = gunzip(gzipBytes(), gzipPath());
  return text;
}

const std::string& plainPath() {
  static const std::string path = [] {
    const std::string file = dataDir() + "/access-000.log";
    if (!fs::exists(file) || fs::file_size(file) != plainText().size()) {
      const std::string tmp = file + ".tmp";
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(plainText().data(), static_cast<std::streamsize>(plainText().size()));
      out.close();
      if (!out) throw std::runtime_error("cannot write '" + tmp + "'");
      fs::rename(tmp, file);
    }
    return file;
  }();
  return path;
}

std::vector<std::string_view> sampleLines(std::size_t count) {
  std::vector<std::string_view> lines;
  const std::string_view text = plainText();
  std::size_t pos = 0;
  while (lines.size() < count && pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 1;
  }
  return lines;
}

}  // namespace logmill::bench
