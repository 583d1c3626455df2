#pragma once
// `logmill ingest --follow`: ingest rounds for as long as the process runs,
// each one transaction like a batch ingest (so the ledger keeps every
// rotation exactly-once), started by inotify when something under the
// followed paths changed, at most one per interval (sooner while a round
// stopped at its line limit), until SIGINT or SIGTERM.

#include <chrono>
#include <functional>

#include "engine/store/ingest.hpp"

namespace logmill::engine::store {

class Store;

struct FollowOptions {
  /// What each round ingests; maxLines bounds a round (and so the memory
  /// of a backlog): a round that stops there is followed at once by another.
  IngestOptions ingest;
  std::chrono::milliseconds interval{10000};  ///< least time between two commits
  /// With inotify, a round this long after the last one even if no change
  /// was seen (network file systems send no events).
  std::chrono::milliseconds safetyRound{300000};
  bool poll = false;  ///< no inotify: a round every interval
};

/// Runs rounds until SIGINT/SIGTERM, which end it after the round in
/// progress has committed; calls `onRound` after each round with the store
/// (options.ingest.storePath; ":memory:" for one held in memory), and
/// `onEnd` once a signal ended it. A file followed by name (a PATH that is
/// a file) that is renamed away is still read through a descriptor kept
/// open while it grows. A PATH that does not exist is an error of the
/// first round it is missing in, not of every round until it appears (and
/// again once it was seen and vanished). An error about a file modified
/// less than max(2 intervals, 2 s) ago (gzip still writing it) is held
/// back and the file read again an interval later. Throws StoreError if the store
/// cannot be used.
void follow(const FollowOptions& options, const std::function<void(Store&, IngestResult&)>& onRound,
            const std::function<void(Store&)>& onEnd = {});

}  // namespace logmill::engine::store
