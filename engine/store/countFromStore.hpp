#pragma once
// `count` and `top` from a store: the groups a direct run over the same
// lines would count, rebuilt from each stored day's report partial. A day's
// report keeps the hits of each host, browser, status and hour of that day,
// so one of those fields, with or without the day's date and weekday, is
// answered exactly. Other fields are refused, never approximated: the os
// panel counts every crawler as "Crawlers" (GoAccess's way) where the os
// field does not, the request panels fold requests logged without a
// protocol into "-", the referrer panel leaves out "-" and "" alike, and
// nothing else (method, ext, agent, ...) is kept at all.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/Store.hpp"
#include "workers/map/Partial.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::engine::store {

/// The fields a store can group by, as a person reads them.
inline constexpr std::string_view kStoreGroupFields =
    "date, weekday, hour, status, status_class, host, browser (one of the last five at most)";

/// Throws std::invalid_argument naming the first of `by` a store cannot
/// group by, or saying two of them come from different report panels.
void checkStoreGroups(const std::vector<workers::Field>& by);

/// The Partial `count`/`top` grouped by `by` computes over the stored days
/// in [from, to] (either open; undated lines only when both are): groups
/// keyed as a direct run keys them, stats summed. Checks `by` first
/// (checkStoreGroups); throws StoreError if a day is damaged.
[[nodiscard]] workers::Partial countFromStore(Store& store, const std::optional<std::string>& from,
                                              const std::optional<std::string>& to,
                                              const std::vector<workers::Field>& by);

}  // namespace logmill::engine::store
