#pragma once

#include <base/expected.hpp>
#include <core/rule.hpp>

#include <map>
#include <string>
#include <vector>

namespace keiyaku::catalog {

/// Reads every requirements/<family>/*.toml under `dir` (sorted by ID). Unknown keys, wrong types,
/// duplicate IDs and bad values fail with file:line:col. A term "@name" in any term list stands for
/// the terms of concept `name` in `dir`/concepts.toml (the vocabulary requirements share).
Expected<std::vector<core::RuleSpec>> load_dir(const std::string& dir);

/// Concepts by name: each a list of terms (lemmas, variants, phrases).
using Concepts = std::map<std::string, std::vector<std::string>>;

/// Reads a concepts file ([name] tables with `terms`); a missing file gives no concepts.
Expected<Concepts> load_concepts(const std::string& path);

/// Replaces every "@name" term of `spec` by the terms of that concept; an unknown name fails,
/// naming `path`.
Expected<void> expand_concepts(core::RuleSpec& spec, const Concepts& concepts, const std::string& path);

/// Reads one requirement file; `family` is the folder it sits in.
Expected<core::RuleSpec> load_file(const std::string& path, const std::string& family);

/// The version of the catalog in `dir`: SHA-256 (hex) over the files load_dir() reads, each as its
/// name relative to `dir` (family/file.toml), its length and its bytes, in load order. Any change to
/// a requirement file, or a file added or removed, changes it; moving the directory does not.
/// Reviews record it, so that `batch` knows which results an edited catalog makes stale.
Expected<std::string> version(const std::string& dir);

/// Where the requirements are: $KEIYAKU_REQUIREMENTS, else next to the executable
/// (../share/keiyaku/requirements), else the source tree the binary was built from.
std::string default_dir();

}  // namespace keiyaku::catalog
