#pragma once

#include <base/expected.hpp>
#include <core/rule.hpp>

#include <string>
#include <vector>

namespace keiyaku::catalog {

/// Reads every requirements/<family>/*.toml under `dir` (sorted by ID). Unknown keys, wrong types,
/// duplicate IDs and bad values fail with file:line:col.
Expected<std::vector<core::RuleSpec>> load_dir(const std::string& dir);

/// Reads one requirement file; `family` is the folder it sits in.
Expected<core::RuleSpec> load_file(const std::string& path, const std::string& family);

/// Where the requirements are: $KEIYAKU_REQUIREMENTS, else next to the executable
/// (../share/keiyaku/requirements), else the source tree the binary was built from.
std::string default_dir();

}  // namespace keiyaku::catalog
