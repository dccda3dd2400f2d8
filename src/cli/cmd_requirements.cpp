#include "command.hpp"

#include <base/i18n.hpp>
#include <base/term.hpp>

namespace keiyaku::cli {

// Not built yet: the issue that adds this command replaces this file.
int cmd_requirements(const Args& /*args*/) {
  term::error(tr("このコマンドはまだ実装されていません: requirements", "this command is not implemented yet: requirements"));
  return 3;
}

}  // namespace keiyaku::cli
