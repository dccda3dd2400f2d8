// keiyaku as installed: `cmake --install` into a temporary prefix, and the Debian package CPack
// makes (scripts/package.sh) unpacked into a temporary root; each binary run from another folder
// on a sample contract, finding its data beside itself, or else using the copy compiled into it.

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using keiyaku::test::build_dir;
using keiyaku::test::RunResult;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace fs = std::filesystem;

namespace {

// A shell line that runs `keiyaku ARGS` from `cwd` with none of the variables that point at data.
// `env` is more VAR=value settings.
RunResult installed(const std::string& binary,
                    const std::string& cwd,
                    const std::string& args,
                    const std::string& env = "") {
  return keiyaku::test::run("cd '" + cwd +
                            "' && env -u KEIYAKU_REQUIREMENTS -u KEIYAKU_USER_DIC -u KEIYAKU_DATA "
                            "-u KEIYAKU_DB LANG=C " +
                            env + "'" + binary + "' " + args);
}

// The review of the sample outsourcing contract, as the installed binary gives it.
void expect_reviews_sample(const std::string& binary,
                           const std::string& cwd,
                           const std::string& env = "") {
  const RunResult r = installed(
      binary, cwd, "scan --format json '" + source_dir() + "/samples/outsourcing-tokki.docx'", env);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["requirements"].size(), 10U);
  // The user dictionary was found: no warning that domain terms are read word by word.
  EXPECT_EQ(r.err.find("keiyaku-user.dic"), std::string::npos) << r.err;
}

bool has_profile(const std::string& binary,
                 const std::string& cwd,
                 const std::string& extra,
                 const std::string& name,
                 const std::string& env = "") {
  const RunResult r = installed(binary, cwd, extra + "profile list --format json", env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.find("\"" + name + "\"") != std::string::npos;
}

}  // namespace

TEST(Install, InstalledBinaryFindsItsDataFromAnyFolder) {
  TempDir dir;
  const std::string prefix = dir.file("prefix");
  RunResult r = keiyaku::test::run(std::string("'") + KY_TEST_CMAKE + "' --install '" +
                                   build_dir() + "' --prefix '" + prefix + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* f :
       {"bin/keiyaku", "share/keiyaku/keiyaku-user.dic", "share/keiyaku/requirements/concepts.toml",
        "share/keiyaku/requirements/profiles/tsuchiura.toml", "share/man/man1/keiyaku.1",
        "share/man/man1/keiyaku-scan.1", "share/man/ja/man1/keiyaku.1",
        "share/man/ja/man1/keiyaku-vendor.1", "share/bash-completion/completions/keiyaku",
        "share/zsh/vendor-completions/_keiyaku", "share/doc/keiyaku/README.md",
        "share/doc/keiyaku/docs/ja/README.md"}) {
    EXPECT_TRUE(fs::exists(prefix + "/" + f)) << f;
  }
  fs::create_directories(dir.file("elsewhere"));
  const std::string binary = prefix + "/bin/keiyaku";
  expect_reviews_sample(binary, dir.file("elsewhere"));

  // It reads the installed catalog, not the source tree: a profile taken out of the prefix is gone.
  EXPECT_TRUE(has_profile(binary, dir.file("elsewhere"), "", "tsuchiura"));
  fs::remove(prefix + "/share/keiyaku/requirements/profiles/tsuchiura.toml");
  EXPECT_FALSE(has_profile(binary, dir.file("elsewhere"), "", "tsuchiura"));

  // Moved elsewhere, the whole prefix still works: nothing depends on where it was installed.
  fs::rename(prefix, dir.file("moved"));
  expect_reviews_sample(dir.file("moved") + "/bin/keiyaku", dir.file("elsewhere"));

  // --data and KEIYAKU_DATA name another data folder; one without requirements/ is refused.
  EXPECT_TRUE(has_profile(dir.file("moved") + "/bin/keiyaku", dir.file("elsewhere"),
                          "--data '" + build_dir() + "' ", "tsuchiura"));
  r = installed(dir.file("moved") + "/bin/keiyaku", dir.file("elsewhere"),
                "--data '" + dir.file("elsewhere") + "' requirements list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "keiyaku: error: --data: " + dir.file("elsewhere") +
                       ": not a data folder with requirements/ in it (installed: "
                       "<prefix>/share/keiyaku)\n");
  r = keiyaku::test::run("cd '" + dir.path() + "' && LANG=C KEIYAKU_DATA=/nonexistent '" +
                         dir.file("moved") + "/bin/keiyaku' requirements list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("KEIYAKU_DATA: /nonexistent: not a data folder"), std::string::npos)
      << r.err;

  // Without any data folder beside it, the binary reviews from the copy compiled into it, extracted
  // once into the cache folder.
  fs::remove_all(dir.file("moved") + "/share/keiyaku");
  expect_reviews_sample(dir.file("moved") + "/bin/keiyaku", dir.file("elsewhere"),
                        "XDG_CACHE_HOME='" + dir.file("cache") + "' ");
  std::vector<std::string> extracted;
  for (const auto& e : fs::directory_iterator(dir.file("cache") + "/keiyaku")) {
    extracted.push_back(e.path().filename().string());
    EXPECT_TRUE(fs::exists(e.path() / "requirements" / "profiles" / "tsuchiura.toml"));
    EXPECT_TRUE(fs::exists(e.path() / "keiyaku-user.dic"));
  }
  ASSERT_EQ(extracted.size(), 1U);
  EXPECT_EQ(extracted[0].rfind("data-", 0), 0U) << extracted[0];
  // The built-in copy holds every profile, the one taken out of the installed prefix too.
  EXPECT_TRUE(has_profile(dir.file("moved") + "/bin/keiyaku", dir.file("elsewhere"), "",
                          "tsuchiura", "XDG_CACHE_HOME='" + dir.file("cache") + "' "));
}

// The man pages say what --help says, in both languages, and the completion knows the commands,
// their options and the values of those options.
TEST(Install, ManPagesAndCompletionComeFromTheHelp) {
  const std::string share = build_dir() + "/gen-share";
  auto slurp = [](const std::string& p) {
    std::ifstream f(p);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  const std::string en = slurp(share + "/man/man1/keiyaku-vendor.1");
  const std::string ja = slurp(share + "/man/ja/man1/keiyaku-vendor.1");
  EXPECT_NE(en.find(".TH KEIYAKU-VENDOR 1"), std::string::npos);
  EXPECT_NE(en.find("keiyaku vendor cert add"), std::string::npos) << en.substr(0, 2000);
  EXPECT_NE(en.find("record a verification"), std::string::npos);
  EXPECT_NE(ja.find("確認（セキュリティ対策の確認）を記録する"), std::string::npos);
  EXPECT_NE(ja.find(".SH 書式"), std::string::npos);
  const std::string top = slurp(share + "/man/ja/man1/keiyaku.1");
  EXPECT_NE(top.find("KEIYAKU_DATA"), std::string::npos);
  const std::string bash = slurp(share + "/bash-completion/completions/keiyaku");
  EXPECT_NE(bash.find("[\"keiyaku\"]=\"scan batch extract diff inspect vendor sns"),
            std::string::npos);
  EXPECT_NE(bash.find("[\"keiyaku vendor cert add|--kind\"]=\"isms iso27017"), std::string::npos);
  EXPECT_NE(bash.find("[\"keiyaku vendor\"]=\"add list show"), std::string::npos);
  if (std::system("command -v bash >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no bash";
  }
  // Completing in a real bash: `keiyaku vendor due --format <TAB>`.
  RunResult r = keiyaku::test::run(
      "bash -c 'source \"" + share +
      "/bash-completion/completions/keiyaku\"; COMP_WORDS=(keiyaku vendor due --format \"\"); "
      "COMP_CWORD=4; _keiyaku; echo \"${COMPREPLY[*]}\"'");
  EXPECT_EQ(r.out, "text json csv ics\n") << r.err;
  if (std::system("command -v zsh >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no zsh";
  }
  // zsh: the same, with compadd and _files standing in for the completion system.
  const auto zsh = [&](const std::string& words, int current) {
    return keiyaku::test::run(
        "zsh -f -c 'compadd() { shift; print -r -- \"$*\"; }; _files() { print FILES; }; "
        "words=(" +
        words + "); CURRENT=" + std::to_string(current) + "; source \"" + share +
        "/zsh/vendor-completions/_keiyaku\"'");
  };
  r = zsh("keiyaku vendor due --format \"\"", 5);
  EXPECT_EQ(r.out, "text json csv ics\n") << r.err;
  r = zsh("keiyaku vendor cert \"\"", 4);
  EXPECT_EQ(r.out, "add list remove\n") << r.err;
  r = zsh("keiyaku scan -o \"\"", 4);
  EXPECT_EQ(r.out, "FILES\n") << r.err;
}

// The .deb CPack makes: Depends from the shared libraries, and a binary that runs unpacked.
TEST(Install, DebianPackageUnpacksAndRuns) {
  if (std::system("command -v dpkg-deb >/dev/null 2>&1 && command -v dpkg-shlibdeps >/dev/null "
                  "2>&1") != 0) {
    GTEST_SKIP() << "dpkg-deb or dpkg-shlibdeps missing (dpkg-dev)";
  }
  TempDir dir;
  RunResult r = keiyaku::test::run(std::string("cd '") + dir.path() + "' && '" + KY_TEST_CPACK +
                                   "' --config '" + build_dir() + "/CPackConfig.cmake' -B '" +
                                   dir.path() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string deb;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    if (e.path().extension() == ".deb") {
      deb = e.path().string();
    }
  }
  ASSERT_FALSE(deb.empty()) << r.out;
  EXPECT_EQ(fs::path(deb).filename().string().rfind("keiyaku_", 0), 0U) << deb;
  EXPECT_NE(deb.find("_amd64.deb"), std::string::npos) << deb;
  r = keiyaku::test::run("dpkg-deb -f '" + deb + "' Depends");
  for (const char* lib : {"libmecab2", "libsqlite3-0", "libxlsxwriter4", "libzip4", "libxml2",
                          "libpoppler-cpp0v5", "mecab-ipadic-utf8"}) {
    EXPECT_NE(r.out.find(lib), std::string::npos) << lib << " not in " << r.out;
  }
  ASSERT_EQ(keiyaku::test::run("dpkg-deb -x '" + deb + "' '" + dir.file("root") + "'").exit_code,
            0);
  EXPECT_TRUE(
      fs::exists(dir.file("root") + "/usr/share/keiyaku/requirements/profiles/default.toml"));
  EXPECT_TRUE(fs::exists(dir.file("root") + "/usr/share/man/ja/man1/keiyaku-scan.1"));
  fs::create_directories(dir.file("elsewhere"));
  expect_reviews_sample(dir.file("root") + "/usr/bin/keiyaku", dir.file("elsewhere"));

  // Installed for real with dpkg, only where that is wanted: as root on a disposable machine (CI
  // sets KEIYAKU_TEST_DPKG_INSTALL=1), then removed again.
  const char* install = std::getenv("KEIYAKU_TEST_DPKG_INSTALL");
  if (install == nullptr || std::string(install) != "1" || ::geteuid() != 0) {
    return;
  }
  r = keiyaku::test::run("dpkg -i '" + deb + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  expect_reviews_sample("/usr/bin/keiyaku", dir.file("elsewhere"));
  EXPECT_TRUE(fs::exists("/usr/share/man/ja/man1/keiyaku-scan.1"));
  EXPECT_EQ(keiyaku::test::run("dpkg -r keiyaku").exit_code, 0);
}
