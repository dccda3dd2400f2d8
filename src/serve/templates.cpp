#include "templates.hpp"

#include "serve/templates_table.inc"

#include <string_view>

namespace keiyaku::serve {

std::string_view embedded_file(std::string_view name) {
  for (const EmbeddedFile& f : k_files) {
    if (f.name == name) {
      return f.text();
    }
  }
  return {};
}

}  // namespace keiyaku::serve
