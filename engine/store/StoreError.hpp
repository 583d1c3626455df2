#pragma once
#include <stdexcept>

namespace logmill::engine::store {

/// The store cannot be used: not a logmill store, a newer version, damaged,
/// busy. what() names the store file and what is wrong.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace logmill::engine::store
