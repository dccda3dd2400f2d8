#pragma once

namespace keiyaku::cli {

/// The whole command line: global options, then the subcommand from the table in cli.cpp.
int run(int argc, char** argv);

}  // namespace keiyaku::cli
