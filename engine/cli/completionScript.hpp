#pragma once
#include <array>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace logmill::engine {

/// The shells completionScript writes for, by the names `logmill completions` takes.
inline constexpr std::array<std::string_view, 3> kCompletionShells = {"bash", "zsh", "fish"};

/// A completion script for `shell` (bash, zsh or fish) that offers every visible
/// subcommand (nested ones too), every option of each, the choices of options
/// checked against a fixed set, files for PATH/FILE values and directories for
/// DIR values. Hidden subcommands and options (empty group) are left out.
/// Throws std::invalid_argument for another shell, std::logic_error for a name
/// or choice that is not safe to write into a script unquoted.
std::string completionScript(const CLI::App& app, std::string_view shell);

}  // namespace logmill::engine
