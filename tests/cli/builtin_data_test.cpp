// The data compiled into the binary: a binary copied alone somewhere, with no data folder beside
// it, extracts that data once into a cache folder and reviews exactly as the build tree does.

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
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

// Runs `binary ARGS` from / with only `env` pointing anywhere (HOME, XDG_CACHE_HOME, TMPDIR).
RunResult run_alone(const std::string& binary, const std::string& env, const std::string& args) {
  return keiyaku::test::run(
      "cd / && env -u KEIYAKU_REQUIREMENTS -u KEIYAKU_USER_DIC -u KEIYAKU_DATA "
      "-u KEIYAKU_DB -u XDG_CACHE_HOME -u TMPDIR " +
      env + " '" + binary + "' " + args);
}

// A copy of build/keiyaku alone in an empty folder, with an empty home and cache folder.
struct Alone {
  TempDir dir;
  std::string binary = dir.file("bin/keiyaku");
  std::string env = "LANG=C HOME='" + dir.file("home") + "' XDG_CACHE_HOME='" + dir.file("cache") +
                    "' TMPDIR='" + dir.file("tmp") + "'";
  Alone() {
    for (const char* d : {"bin", "home", "cache", "tmp"}) {
      fs::create_directories(dir.file(d));
    }
    fs::copy_file(build_dir() + "/keiyaku", binary);
    fs::permissions(binary, fs::perms::owner_all);
  }
  // The folders under the cache folder, by name.
  std::vector<std::string> cache_entries() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir.file("cache") + "/keiyaku", ec)) {
      names.push_back(e.path().filename().string());
    }
    return names;
  }
};

}  // namespace

TEST(BuiltInData, CopiedBinaryGivesTheSameVerdictsAsTheBuildTree) {
  Alone alone;
  for (const char* sample : {"outsourcing-tokki.docx", "cloud-service.docx"}) {
    const std::string args =
        "scan --format json --profile tsuchiura '" + source_dir() + "/samples/" + sample + "'";
    const RunResult built =
        keiyaku::test::run("cd '" + source_dir() + "' && '" + build_dir() + "/keiyaku' " + args);
    const RunResult copied = run_alone(alone.binary, alone.env, args);
    ASSERT_TRUE(built.exit_code == 0 || built.exit_code == 1) << built.err;
    EXPECT_EQ(copied.exit_code, built.exit_code) << copied.err;
    // The user dictionary came along too: no warning about reading domain terms word by word.
    EXPECT_EQ(copied.err, built.err);
    const auto a = nlohmann::json::parse(built.out);
    const auto b = nlohmann::json::parse(copied.out);
    EXPECT_GT(a["requirements"].size(), 10U);
    EXPECT_EQ(a, b) << sample;
  }
  const std::vector<std::string> names = alone.cache_entries();
  ASSERT_EQ(names.size(), 1U);
  EXPECT_EQ(names[0].rfind("data-", 0), 0U) << names[0];
  EXPECT_EQ(names[0].size(), 5U + 16U) << names[0];
}

TEST(BuiltInData, SecondRunReusesTheExtractedFolder) {
  Alone alone;
  RunResult r = run_alone(alone.binary, alone.env, "profile list --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"tsuchiura\""), std::string::npos);
  std::vector<std::string> names = alone.cache_entries();
  ASSERT_EQ(names.size(), 1U);
  const fs::path data = alone.dir.file("cache") + "/keiyaku/" + names[0];
  const fs::path profile = data / "requirements" / "profiles" / "tsuchiura.toml";
  // Set the times back, so that any rewrite would show even within the clock's resolution.
  const auto old_time = fs::last_write_time(profile) - std::chrono::hours(1);
  fs::last_write_time(profile, old_time);
  fs::last_write_time(data, old_time);
  r = run_alone(alone.binary, alone.env, "profile list --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fs::last_write_time(profile), old_time);
  EXPECT_EQ(fs::last_write_time(data), old_time);
  EXPECT_EQ(alone.cache_entries(), names);

  // A folder of that name left unfinished (no stamp) is replaced by a complete one.
  fs::remove(data / ".keiyaku-data-sha256");
  fs::remove(profile);
  r = run_alone(alone.binary, alone.env, "profile list --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"tsuchiura\""), std::string::npos);
  EXPECT_TRUE(fs::exists(profile));
  EXPECT_EQ(alone.cache_entries(), names);
}

TEST(BuiltInData, WithoutXdgCacheHomeItUsesHomeThenTmp) {
  Alone alone;
  RunResult r =
      run_alone(alone.binary, "LANG=C HOME='" + alone.dir.file("home") + "'", "requirements list");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(alone.cache_entries().size(), 0U);
  EXPECT_FALSE(fs::is_empty(alone.dir.file("home") + "/.cache/keiyaku"));
  // HOME a file, not a folder: the temporary folder.
  std::ofstream(alone.dir.file("plain")) << "x";
  r = run_alone(
      alone.binary,
      "LANG=C HOME='" + alone.dir.file("plain") + "' TMPDIR='" + alone.dir.file("tmp") + "'",
      "requirements list");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(alone.dir.file("tmp"))) {
    names.push_back(e.path().filename().string());
  }
  ASSERT_EQ(names.size(), 1U);
  EXPECT_EQ(names[0].rfind("keiyaku-" + std::to_string(::getuid()) + "-data-", 0), 0U) << names[0];
}

TEST(BuiltInData, ConcurrentFirstRunsShareOneFolder) {
  Alone alone;
  std::string cmd;
  for (int i = 0; i < 4; ++i) {
    cmd += "(cd / && env -u KEIYAKU_REQUIREMENTS -u KEIYAKU_USER_DIC -u KEIYAKU_DATA " + alone.env +
           " '" + alone.binary + "' requirements list >/dev/null || echo FAIL) & ";
  }
  const RunResult r = keiyaku::test::run(cmd + "wait");
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out << r.err;
  // One finished folder; no temporary one left behind.
  const std::vector<std::string> names = alone.cache_entries();
  ASSERT_EQ(names.size(), 1U);
  EXPECT_EQ(names[0].rfind("data-", 0), 0U) << names[0];
}

TEST(BuiltInData, NowhereWritableIsAnErrorNamingThePlacesTried) {
  Alone alone;
  // Files where folders are needed: nothing can be created under them, even by root.
  std::ofstream(alone.dir.file("plain")) << "x";
  const std::string plain = alone.dir.file("plain");
  const std::string env =
      "HOME='" + plain + "' XDG_CACHE_HOME='" + plain + "' TMPDIR='" + plain + "'";
  RunResult r = run_alone(alone.binary, "LANG=C " + env, "requirements list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("nowhere to extract the built-in data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(plain + "/keiyaku/data-"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(plain + "/.cache/keiyaku/data-"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(plain + "/keiyaku-" + std::to_string(::getuid()) + "-data-"),
            std::string::npos)
      << r.err;
  r = run_alone(alone.binary, "LANG=ja_JP.UTF-8 " + env, "requirements list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("組み込みのデータを展開できる場所もありません"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("試した場所"), std::string::npos) << r.err;
}
