#include "i18n.hpp"

#include <atomic>
#include <cstdlib>

namespace keiyaku {

namespace {
std::atomic<Lang> g_lang{Lang::en};
}

Lang ui_lang() { return g_lang.load(std::memory_order_relaxed); }
void set_ui_lang(Lang lang) { g_lang.store(lang, std::memory_order_relaxed); }

Lang lang_from_env() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') {
      std::string_view s(v);
      return s.substr(0, 2) == "ja" ? Lang::ja : Lang::en;
    }
  }
  return Lang::en;
}

}  // namespace keiyaku
