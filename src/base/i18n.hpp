#pragma once

#include <string>
#include <string_view>

namespace keiyaku {

enum class Lang { ja, en };

/// The language of user-facing messages. Set once by the CLI (--lang, else LANG/LC_ALL).
Lang ui_lang();
void set_ui_lang(Lang lang);

/// Picks the message for the UI language: tr("暗号化されています", "encrypted").
inline std::string tr(std::string_view ja, std::string_view en) {
  return std::string(ui_lang() == Lang::ja ? ja : en);
}

/// Language from the environment: ja for LC_ALL/LC_MESSAGES/LANG starting with "ja", else en.
Lang lang_from_env();

}  // namespace keiyaku
