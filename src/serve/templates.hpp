#pragma once

// The page templates, style sheet and script, embedded from src/serve/templates/ at build time.

#include <string_view>

namespace keiyaku::serve {

/// The text of an embedded file ("layout.html", "style.css", …); empty when there is none.
std::string_view embedded_file(std::string_view name);

}  // namespace keiyaku::serve
