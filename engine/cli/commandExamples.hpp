#pragma once
#include <string>
#include <string_view>

namespace logmill::engine {

/// The "Examples:" footer of `logmill COMMAND --help` for a command path such as
/// "count" or "merge count": two or three command lines that run as shown on a
/// `logs/` directory (tests/integration/help_examples.sh runs every one). Empty
/// for a command without examples.
std::string commandExamples(std::string_view commandPath);

}  // namespace logmill::engine
