#include "engine/discoverFiles.hpp"

#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

namespace logmill::engine {
namespace {

using DevIno = std::pair<dev_t, ino_t>;

bool matchesAny(const std::vector<std::string>& globs, const std::string& name) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
    return fnmatch(g.c_str(), name.c_str(), 0) == 0;
  });
}

class Walker {
 public:
  Walker(const DiscoverOptions& options, Discovered& out) : m_options(options), m_out(out) {}

  void visitArgument(const std::string& path) {
    if (path == "-") {
      m_out.files.push_back(path);
      return;
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      fail(path, std::string("cannot open '") + path + "': " + std::strerror(errno));
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      walkDirectory(path, st);
    } else {
      addFile(path, st);  // an explicit argument is read whatever its name
    }
  }

 private:
  void fail(const std::string& path, std::string message) {
    m_out.errors.push_back({path, std::move(message)});
  }

  void addFile(const std::string& path, const struct stat& st) {
    if (m_seenFiles.insert({st.st_dev, st.st_ino}).second) m_out.files.push_back(path);
  }

  void walkDirectory(const std::string& dir, const struct stat& st) {
    if (!m_activeDirs.insert({st.st_dev, st.st_ino}).second) {
      fail(dir, "'" + dir + "': directory loop (symlink cycle), skipped");
      return;
    }
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir.c_str())) {
      while (const dirent* e = ::readdir(d)) {
        if (e->d_name[0] != '.') names.emplace_back(e->d_name);  // hidden entries skipped
      }
      ::closedir(d);
    } else {
      fail(dir, "cannot open directory '" + dir + "': " + std::strerror(errno));
      m_activeDirs.erase({st.st_dev, st.st_ino});
      return;
    }
    std::sort(names.begin(), names.end());
    const std::string prefix = dir.back() == '/' ? dir : dir + '/';
    for (const std::string& name : names) visitEntry(prefix + name, name);
    m_activeDirs.erase({st.st_dev, st.st_ino});
  }

  void visitEntry(const std::string& path, const std::string& name) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      struct stat lst {};
      if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
        fail(path, "'" + path + "': broken or looping symlink: " + std::strerror(errno));
      } else {
        fail(path, "cannot open '" + path + "': " + std::strerror(errno));
      }
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      walkDirectory(path, st);
      return;
    }
    if (!S_ISREG(st.st_mode)) return;  // FIFOs, sockets, devices inside a walk are skipped
    if (!m_options.include.empty() && !matchesAny(m_options.include, name)) return;
    if (matchesAny(m_options.exclude, name)) return;
    addFile(path, st);
  }

  const DiscoverOptions& m_options;
  Discovered& m_out;
  std::set<DevIno> m_activeDirs;  // directories on the current walk path
  std::set<DevIno> m_seenFiles;   // a file reached twice (symlinks) is read once
};

}  // namespace

Discovered discoverFiles(const std::vector<std::string>& paths, const DiscoverOptions& options) {
  Discovered out;
  Walker walker(options, out);
  for (const std::string& p : paths) walker.visitArgument(p);
  return out;
}

}  // namespace logmill::engine
