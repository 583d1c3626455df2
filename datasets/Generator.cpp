#include "datasets/Generator.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "datasets/Catalog.hpp"
#include "datasets/FileGenerator.hpp"
#include "datasets/GzipWriter.hpp"
#include "datasets/Tally.hpp"

namespace logmill::datasets {
namespace {

namespace fs = std::filesystem;

constexpr unsigned kMaxFiles = 1000;  // names are access-000 .. access-999

std::string fileName(unsigned index) {
  char name[32];
  std::snprintf(name, sizeof name, "access-%03u.log.gz", index);
  return name;
}

void createDirectory(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create directory '" + dir + "': " + ec.message());
  if (!fs::is_directory(dir, ec)) {
    throw std::runtime_error("cannot create directory '" + dir + "': not a directory");
  }
}

Tally writeFile(const Catalog& catalog, const GenOptions& opts, unsigned index) {
  GzipWriter out((fs::path(opts.dir) / fileName(index)).string(), opts.gzipLevel);
  FileGenerator generator(catalog, opts.seed, index, opts.linesPerFile, opts.style,
                          opts.robotsPercent * 10'000);
  Tally tally = generator.run([&out](std::string_view chunk) { out.write(chunk); });
  out.close();
  return tally;
}

/// Runs writeFile for every index on up to hardware_concurrency threads; the
/// first failure (by file index) is rethrown after all threads finished.
std::vector<Tally> writeFiles(const Catalog& catalog, const GenOptions& opts) {
  std::vector<Tally> tallies(opts.files);
  std::vector<std::exception_ptr> errors(opts.files);
  std::atomic<unsigned> next{0};
  auto work = [&] {
    for (unsigned i = next++; i < opts.files; i = next++) {
      try {
        tallies[i] = writeFile(catalog, opts, i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const unsigned threads =
      std::clamp(std::thread::hardware_concurrency(), 1u, std::max(opts.files, 1u));
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  pool.clear();  // joins
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return tallies;
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw std::runtime_error("cannot create '" + path +
                             "': " + std::generic_category().message(errno));
  }
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write '" + path + "'");
}

}  // namespace

AnswerKey generate(const GenOptions& opts) {
  if (opts.gzipLevel < 0 || opts.gzipLevel > 9) {
    throw std::invalid_argument("gzip level must be 0..9, got " + std::to_string(opts.gzipLevel));
  }
  if (opts.robotsPercent > 90) {
    throw std::invalid_argument("robots share must be 0..90 per cent, got " +
                                std::to_string(opts.robotsPercent));
  }
  if (opts.files > kMaxFiles) {
    throw std::invalid_argument("at most " + std::to_string(kMaxFiles) + " files, got " +
                                std::to_string(opts.files));
  }
  createDirectory(opts.dir);
  const Catalog catalog(opts.seed);
  Tally total;
  for (const Tally& tally : writeFiles(catalog, opts)) total.merge(tally);

  AnswerKey key = total.toAnswerKey();
  for (unsigned i = 0; i < opts.files; ++i) key.files.push_back(fileName(i));
  key.seed = opts.seed;
  key.linesPerFile = opts.linesPerFile;
  writeText((fs::path(opts.dir) / kAnswerKeyFile).string(), key.toJson());
  return key;
}

std::string AnswerKey::toJson() const {
  // Hand-laid-out so that each status, top path and file sits on its own
  // line: easy to read and to diff; nlohmann does the escaping.
  auto quoted = [](std::string_view text) { return nlohmann::json(text).dump(); };
  auto block = [](char open, const std::vector<std::string>& items, char close) {
    if (items.empty()) return std::string{open, close};
    std::string text(1, open);
    for (std::size_t i = 0; i < items.size(); ++i) {
      text += (i == 0 ? "\n    " : ",\n    ") + items[i];
    }
    return text + "\n  " + close;
  };
  std::vector<std::string> statuses;
  for (const auto& [status, count] : statusCounts) {
    statuses.push_back(quoted(std::to_string(status)) + ": " + std::to_string(count));
  }
  std::vector<std::string> top;
  for (const auto& [path, count] : topPaths) {
    top.push_back("[" + quoted(path) + ", " + std::to_string(count) + "]");
  }
  std::vector<std::string> names;
  for (const auto& name : files) names.push_back(quoted(name));

  const std::pair<std::string_view, std::string> fields[] = {
      {"lines", std::to_string(lines)},
      {"parsed", std::to_string(parsed)},
      {"malformed", std::to_string(malformed)},
      {"status_counts", block('{', statuses, '}')},
      {"robots_hosts", std::to_string(robotsHosts)},
      {"robots_sha256", quoted(robotsSha256)},
      {"top_paths", block('[', top, ']')},
      {"files", block('[', names, ']')},
      {"seed", std::to_string(seed)},
      {"lines_per_file", std::to_string(linesPerFile)},
  };
  std::string json = "{";
  for (const auto& [key, value] : fields) {
    json += (json.size() == 1 ? "\n  \"" : ",\n  \"") + std::string(key) + "\": " + value;
  }
  return json + "\n}\n";
}

}  // namespace logmill::datasets
