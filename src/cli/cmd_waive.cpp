#include "command.hpp"

#include <base/i18n.hpp>
#include <base/term.hpp>

namespace keiyaku::cli {

// Not built yet: the issue that adds this command replaces this file.
int cmd_waive(const Args& /*args*/) {
  term::error(tr("このコマンドはまだ実装されていません: waive", "this command is not implemented yet: waive"));
  return 3;
}

}  // namespace keiyaku::cli
