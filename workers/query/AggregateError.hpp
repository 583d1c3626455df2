#pragma once
// A bad aggregate column list, in the library's terms ("bad aggregate
// 'sum(host)': 'host' is not numeric ..."): callers that took the list from a
// flag can tell it apart from other bad input and name the flag.

#include <stdexcept>

namespace logmill::workers {

class AggregateError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace logmill::workers
