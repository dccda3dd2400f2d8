#pragma once

#include <string>

namespace keiyaku::test {

/// A fresh directory under $TMPDIR, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }
  std::string file(const std::string& name) const { return m_path + "/" + name; }

 private:
  std::string m_path;
};

/// The source tree (for tests/data) and the build tree (for the keiyaku binary).
std::string source_dir();
std::string build_dir();

/// Runs a shell command, returns its exit code and captures stdout (and stderr if asked).
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run(const std::string& command);

}  // namespace keiyaku::test
