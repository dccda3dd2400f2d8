#pragma once

// Where keiyaku finds the data it reads at run time: the requirement catalog (requirements/, the
// profiles in requirements/profiles/) and the compiled MeCab user dictionary (keiyaku-user.dic).
// Installed, that is <prefix>/share/keiyaku beside <prefix>/bin/keiyaku; in a build tree, the build
// directory itself (build/requirements links to the source catalog, build/dictionaries holds the
// dictionary). No path of the machine that built the binary is used. With none of these, the copy
// compiled into the binary (embedded_tree.hpp) is extracted once into a cache folder and used.

#include <base/expected.hpp>

#include <string>

namespace keiyaku::cli {

/// Where the data folder came from, for messages.
enum class DataSource { option, environment, beside_binary, built_in, none };

struct DataDir {
  std::string path;  ///< the folder; "" when none was found
  DataSource source = DataSource::none;
};

/// The data folder: `option` (--data) when not empty, else $KEIYAKU_DATA, else
/// <binary>/../share/keiyaku, else the binary's own folder — the first that holds requirements/;
/// else the built-in copy (extract_built_in_data). An option or variable naming a folder without
/// requirements/ is an error (exit 2), never passed over.
Expected<DataDir> find_data_dir(const std::string& option);

/// The first 16 hex digits of the SHA-256 of the data compiled into the binary.
std::string built_in_data_hash();

/// The data compiled into the binary, as a folder: $XDG_CACHE_HOME/keiyaku/data-<hash>, else
/// $HOME/.cache/keiyaku/data-<hash>, else $TMPDIR (or /tmp)/keiyaku-<uid>-data-<hash>, the first
/// that holds it or can be made to. A folder is extracted once, into a temporary sibling renamed
/// into place, so that a concurrent run sees either no folder or a complete one (the loser of a
/// race uses the winner's); one already there, finished and owned by this user, is reused as it
/// is. Nowhere writable is an error naming each place tried (exit 2).
Expected<DataDir> extract_built_in_data();

/// Makes the catalog and the tokenizer read from `dir`: sets KEIYAKU_REQUIREMENTS and
/// KEIYAKU_USER_DIC for this process. A variable the user set already is kept unless the folder
/// came from --data. With no folder found, KEIYAKU_REQUIREMENTS names the installed location, so
/// that a command needing the catalog says where it looked.
void use_data_dir(const DataDir& dir);

}  // namespace keiyaku::cli
