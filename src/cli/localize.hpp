#pragma once

// The command line in the user's language: CLI11's help frame and usage errors in Japanese when
// the UI language is Japanese (dictionaries/cli_ja.tsv), and option values given by the names
// people use (dictionaries/option_values.tsv: Pマーク, 業務委託, LINE).

#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace keiyaku::cli {

/// Gives `app` and every subcommand under it the Japanese help frame when the UI language is
/// Japanese; nothing otherwise. Call after the subcommands are added.
void localize_help(CLI::App& app);

/// A CLI11 usage error in the UI language ("--url is required" → "--url は必須です").
std::string localize_error(const std::string& message);

/// A transform for an option whose values are `values`: a name from option_values.tsv under
/// `option` becomes its value, and a value given in another case or in full-width letters
/// becomes the value as written in `values`. Anything else passes unchanged to the option's check.
CLI::Validator value_names(std::string_view option, std::vector<std::string> values);

/// The value a name stands for (for tests and for callers outside CLI11), or `text` unchanged.
std::string canonical_value(std::string_view option,
                            const std::vector<std::string>& values,
                            std::string_view text);

}  // namespace keiyaku::cli
