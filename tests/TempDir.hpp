#pragma once
// A scratch directory for a test, removed with everything in it.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace logmill::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    m_path = std::filesystem::temp_directory_path() / ("logmill-test-" + std::to_string(rd()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] std::string path() const { return m_path.string(); }
  [[nodiscard]] std::string file(const std::string& rel) const { return (m_path / rel).string(); }
  std::string write(const std::string& rel, const std::string& content) const {
    const auto p = m_path / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace logmill::testing
