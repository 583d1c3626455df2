#pragma once
// A follow round's errors about files still being written: logrotate's
// gzip writes `access.log.1.gz` for seconds, and until it is done the file
// ends mid-stream ("truncated gzip stream"). Such an error is not news yet.

#include <chrono>
#include <cstddef>
#include <vector>

#include "workers/map/Partial.hpp"

namespace logmill::engine::store {

/// Removes from `errors` those about regular files modified less than
/// `quiet` before `now` and returns how many it removed; a later round,
/// once the file is quiet, reads it whole or says the error then.
std::size_t holdBackWrittenFiles(std::vector<workers::FileError>& errors,
                                 std::chrono::nanoseconds quiet,
                                 std::chrono::system_clock::time_point now);

}  // namespace logmill::engine::store
