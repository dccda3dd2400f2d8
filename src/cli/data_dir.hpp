#pragma once

// Where keiyaku finds the data it reads at run time: the requirement catalog (requirements/, the
// profiles in requirements/profiles/) and the compiled MeCab user dictionary (keiyaku-user.dic).
// Installed, that is <prefix>/share/keiyaku beside <prefix>/bin/keiyaku; in a build tree, the build
// directory itself (build/requirements links to the source catalog, build/dictionaries holds the
// dictionary). No path of the machine that built the binary is used.

#include <base/expected.hpp>

#include <string>

namespace keiyaku::cli {

/// Where the data folder came from, for messages.
enum class DataSource { option, environment, beside_binary, none };

struct DataDir {
  std::string path;  ///< the folder; "" when none was found
  DataSource source = DataSource::none;
};

/// The data folder: `option` (--data) when not empty, else $KEIYAKU_DATA, else
/// <binary>/../share/keiyaku, else the binary's own folder — the first that holds requirements/.
/// An option or variable naming a folder without requirements/ is an error (exit 2), never passed
/// over.
Expected<DataDir> find_data_dir(const std::string& option);

/// Makes the catalog and the tokenizer read from `dir`: sets KEIYAKU_REQUIREMENTS and
/// KEIYAKU_USER_DIC for this process. A variable the user set already is kept unless the folder
/// came from --data. With no folder found, KEIYAKU_REQUIREMENTS names the installed location, so
/// that a command needing the catalog says where it looked.
void use_data_dir(const DataDir& dir);

}  // namespace keiyaku::cli
