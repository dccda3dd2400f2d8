#pragma once

// A thread's own UI language, over the one set_ui_lang() set for the process: the server answers
// each request in the language its browser asks for, on whichever worker thread serves it.

#include "i18n.hpp"

#include <optional>

namespace keiyaku {

/// The calling thread's language from now on, or none to follow set_ui_lang() again.
void set_thread_lang(std::optional<Lang> lang);

}  // namespace keiyaku
