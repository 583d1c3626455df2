#pragma once
#include <stdexcept>
#include <string>

namespace logmill::workers {

/// A file (or part of one) could not be read. what() is complete and names
/// the file, e.g. `logs/b.gz: truncated gzip stream at byte 18273645`.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace logmill::workers
