#include "i18n.hpp"

#include "thread_lang.hpp"

#include <atomic>
#include <cstdlib>
#include <optional>

namespace keiyaku {

namespace {
std::atomic<Lang> g_lang{Lang::en};
thread_local std::optional<Lang> t_lang;
}  // namespace

Lang ui_lang() {
  return t_lang ? *t_lang : g_lang.load(std::memory_order_relaxed);
}
void set_thread_lang(std::optional<Lang> lang) {
  t_lang = lang;
}
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
