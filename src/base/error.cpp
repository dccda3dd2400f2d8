#include "error.hpp"

namespace keiyaku {

std::string format_error(const Error& error) {
  std::string out;
  if (error.where && !error.where->file.empty()) {
    out += error.where->file;
    if (error.where->line > 0) {
      out += ':' + std::to_string(error.where->line);
      if (error.where->column > 0) {
        out += ':' + std::to_string(error.where->column);
      }
    }
    out += ": ";
  }
  out += error.message;
  if (error.where && !error.where->context.empty()) {
    out += "\n  " + error.where->context + "\n  ";
    if (error.where->column > 1) {
      out += std::string(static_cast<size_t>(error.where->column - 1), ' ');
    }
    out += '^';
  }
  return out;
}

}  // namespace keiyaku
