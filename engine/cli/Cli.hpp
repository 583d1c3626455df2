#pragma once
namespace logmill::engine {
/// Parses the command line, runs the command, maps errors to exit codes
/// (0 ok, 1 some input unreadable, 2 usage, 130/143 interrupted).
int runCli(int argc, char** argv);
}  // namespace logmill::engine
