#pragma once

#include <base/error.hpp>

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace keiyaku::cli {

/// Exit codes (SPEC §3).
enum class ExitCode : int { ok = 0, findings = 1, failure = 2, internal = 3, interrupted = 130 };

/// Arguments after the subcommand name; args[0] is "keiyaku <name>".
using Args = std::vector<std::string>;

/// Parses args into app. Returns -1 when the command should go on, else the exit code to return
/// (0 after --help, 2 after a usage error, with the message printed).
int parse(CLI::App& app, const Args& args);

/// Prints the error on stderr ("keiyaku: error: ...") and returns its exit code (2, or 3 for internal).
int fail(const Error& error);

/// Global options shared by every command (set before the handler runs).
struct Globals {
  bool quiet = false;
};
Globals& globals();

int cmd_scan(const Args& args);
int cmd_batch(const Args& args);
int cmd_extract(const Args& args);
int cmd_inspect(const Args& args);
int cmd_diff(const Args& args);
int cmd_vendor(const Args& args);
int cmd_sns(const Args& args);
int cmd_db(const Args& args);
int cmd_profile(const Args& args);
int cmd_requirements(const Args& args);
int cmd_waive(const Args& args);
int cmd_report(const Args& args);
int cmd_ledger(const Args& args);
int cmd_serve(const Args& args);
int cmd_user(const Args& args);

}  // namespace keiyaku::cli
