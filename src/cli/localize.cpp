#include "localize.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/value_names.hpp>
#include <base/word_table.hpp>

#include <memory>

namespace keiyaku::embedded {
std::string_view cli_ja_tsv();
std::string_view option_values_tsv();
}  // namespace keiyaku::embedded

namespace keiyaku::cli {

namespace {

const WordTable& frame() {
  static const WordTable table("cli_ja.tsv", embedded::cli_ja_tsv());
  return table;
}

const WordTable& names() {
  static const WordTable table("option_values.tsv", embedded::option_values_tsv());
  return table;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// Applies the rows of one category of cli_ja.tsv, in file order.
std::string translate(std::string text, std::string_view category) {
  const auto& from = frame().list(category);
  const auto& to = frame().values(category);
  for (size_t i = 0; i < from.size(); ++i) {
    replace_all(text, from[i], to[i]);
  }
  return text;
}

// Help output: group headings as whole lines, then the phrases CLI11 writes.
class JapaneseFormatter : public CLI::Formatter {
 public:
  JapaneseFormatter() {
    const auto& keys = frame().list("label");
    const auto& values = frame().values("label");
    for (size_t i = 0; i < keys.size(); ++i) {
      label(keys[i], values[i]);
    }
  }

  std::string make_help(const CLI::App* app,
                        std::string name,
                        CLI::AppFormatMode mode) const override {
    const std::string help = CLI::Formatter::make_help(app, std::move(name), mode);
    const auto& lines = frame().list("line");
    const auto& values = frame().values("line");
    std::string out;
    for (std::string_view line : str::split(help, '\n')) {
      std::string l(line);
      for (size_t i = 0; i < lines.size(); ++i) {
        if (l == lines[i]) {
          l = values[i];
          break;
        }
      }
      out += l;
      out += '\n';
    }
    out.pop_back();  // split gave one piece more than there were line breaks
    return translate(std::move(out), "help");
  }
};

void set_formatter(CLI::App& app, const std::shared_ptr<CLI::Formatter>& formatter) {
  app.formatter(formatter);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    set_formatter(*sub, formatter);
  }
}

}  // namespace

void localize_help(CLI::App& app) {
  if (ui_lang() != Lang::ja) {
    return;
  }
  set_formatter(app, std::make_shared<JapaneseFormatter>());
}

std::string localize_error(const std::string& message) {
  if (ui_lang() != Lang::ja) {
    return message;
  }
  return translate(message, "error");
}

std::string canonical_value(std::string_view option,
                            const std::vector<std::string>& values,
                            std::string_view text) {
  return keiyaku::canonical_value(names(), option, values, text);
}

CLI::Validator value_names(std::string_view option, std::vector<std::string> values) {
  return CLI::Validator(
      [option = std::string(option), values = std::move(values)](std::string& value) {
        value = canonical_value(option, values, value);
        return std::string();
      },
      "", "value-names");
}

}  // namespace keiyaku::cli
