#pragma once

// --input-limit: the one limit on what a command reads of each document
// (core::k_default_input_limit), the same option and default for every command that reads
// contracts.

#include <cstddef>

namespace CLI {
class App;
}

namespace keiyaku::cli {

/// Adds `--input-limit SIZE` (bytes, or with a unit: 200M, 1G, 512KiB; units are powers of 1024)
/// to a command that reads documents; `limit` keeps its value when the option is absent.
void add_input_limit(CLI::App& app, size_t& limit);

}  // namespace keiyaku::cli
