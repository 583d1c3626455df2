#include "engine/cli/Cli.hpp"

int main(int argc, char** argv) { return logmill::engine::runCli(argc, argv); }
