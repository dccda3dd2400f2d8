#pragma once

// What every command that writes a file checks first: the format an output name implies, and
// that no output is a file the command reads (a contract, the registry, its -wal/-shm).

#include <base/expected.hpp>

#include <string>
#include <vector>

namespace keiyaku::cli {

/// The format named by an output's extension (.json .html .htm .csv .xlsx .txt, any case), or ""
/// for any other name, "-" and "".
std::string format_of_extension(const std::string& output);

/// The format to write: `flag` (--format) when given, else the one -o's extension names, else
/// `fallback`. A --format that contradicts the extension, or an extension naming a format that is
/// not in `allowed`, is a usage error (ErrorCode::usage).
Expected<std::string> output_format(const std::string& flag,
                                    const std::string& output,
                                    const std::vector<std::string>& allowed,
                                    const std::string& fallback);

/// The registry file and its -wal and -shm.
std::vector<std::string> registry_files(const std::string& db_path);

/// The outputs a report in `format` to `output` writes: `output` itself and, for csv, the
/// long-form CSV beside it.
std::vector<std::string> report_outputs(const std::string& format, const std::string& output);

/// After a csv report to a file: says on stderr (unless --quiet) where the long form went, so that
/// the file beside the report is never written without a word.
void note_findings_csv(const std::string& format, const std::string& output);

}  // namespace keiyaku::cli
