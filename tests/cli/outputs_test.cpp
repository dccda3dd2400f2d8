// Outputs (issue 12, items 1-3): what -o replaces and what it writes in place, outputs that are
// inputs, the format an output name implies, and the long-form CSV beside a csv report.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <future>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bin() {
  return build_dir() + "/keiyaku --lang en";
}
std::string sample(const std::string& name) {
  return source_dir() + "/samples/" + name;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// A copy of a sample that a test may try to overwrite.
std::string contract(const TempDir& dir, const std::string& name = "in.docx") {
  fs::copy_file(sample("outsourcing-tokki.docx"), dir.file(name));
  return dir.file(name);
}

// A registry with one batch of the samples in it.
std::string registry(const TempDir& dir) {
  const std::string db = dir.file("r.db");
  const auto b = run(bin() + " batch " + source_dir() + "/samples --quiet --db " + db);
  EXPECT_EQ(b.exit_code, 0) << b.err;
  return db;
}

}  // namespace

// --- item 1: only regular files are replaced atomically ---

TEST(CliOutputs, ANamedPipeIsWrittenInPlaceAndItsReaderGetsTheReport) {
  TempDir dir;
  const std::string fifo = dir.file("f");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return slurp(fifo); });
  const auto r = run(bin() + " scan --fail-on never --format html -o " + fifo + " " +
                     sample("outsourcing-tokki.docx"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(reader.get().find("<html"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(CliOutputs, XlsxToAPipeGoesThroughATemporaryFile) {
  TempDir dir;
  const std::string fifo = dir.file("f");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return slurp(fifo); });
  const auto r = run(bin() + " scan --fail-on never --format xlsx -o " + fifo + " " +
                     sample("outsourcing-tokki.docx"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(reader.get().substr(0, 2), "PK");
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(CliOutputs, DevNullStaysADeviceAndDashIsStdout) {
  TempDir dir;
  const std::string db = registry(dir);
  for (const char* format : {"html", "csv", "text"}) {
    const auto r = run(bin() + " report --db " + db + " --format " + format + " -o /dev/null");
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  struct stat st {};
  ASSERT_EQ(::lstat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_FALSE(fs::exists("/dev/null-findings.csv"));

  const auto json =
      run("cd " + dir.path() + " && " + bin() + " scan --fail-on never --format json -o - " +
          sample("outsourcing-tokki.docx"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out).at("file"), sample("outsourcing-tokki.docx"));
  EXPECT_FALSE(fs::exists(dir.file("-")));
  const auto csv =
      run("cd " + dir.path() + " && " + bin() + " report --db " + db + " --format csv -o -");
  EXPECT_EQ(csv.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_FALSE(fs::exists(dir.file("-")));
  EXPECT_FALSE(fs::exists(dir.file("--findings.csv")));
}

TEST(CliOutputs, DevStdoutIsStdoutAndAnAppendedLogIsNotTruncated) {
  TempDir dir;
  const std::string log = dir.file("log.txt");
  const auto r = run("(echo earlier > " + log + " && " + bin() +
                     " scan --fail-on never --format json -o /dev/stdout " +
                     sample("outsourcing-tokki.docx") + " >> " + log + ")");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = slurp(log);
  ASSERT_EQ(text.substr(0, 8), "earlier\n");
  EXPECT_EQ(nlohmann::json::parse(text.substr(8)).at("file"), sample("outsourcing-tokki.docx"));
  struct stat st {};
  ASSERT_EQ(::lstat("/dev/stdout", &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
}

// --- item 2: an output that is an input is refused before anything is written ---

TEST(CliOutputs, ScanRefusesToWriteOverItsContract) {
  TempDir dir;
  const std::string in = contract(dir);
  const std::string before = slurp(in);
  ASSERT_EQ(::symlink(in.c_str(), dir.file("link.html").c_str()), 0);
  for (const std::string& args :
       {"--format html -o " + in, "--annotate " + in, "-o " + dir.file("link.html"),
        "-o " + dir.file("out.csv") + " --annotate " + dir.file("out.csv")}) {
    const auto r = run(bin() + " scan " + args + " " + in);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_EQ(slurp(in), before) << args;
  }
  const auto r = run(bin() + " scan --format html -o " + in + " " + in);
  EXPECT_NE(r.err.find("the output is the same file as an input"), std::string::npos) << r.err;

  // The long form beside a csv report is an output too.
  const std::string sidecar = contract(dir, "r-findings.csv");
  const auto csv = run(bin() + " scan -o " + dir.file("r.csv") + " " + sidecar);
  EXPECT_EQ(csv.exit_code, 2) << csv.err;
  EXPECT_EQ(slurp(sidecar), before);
  EXPECT_FALSE(fs::exists(dir.file("r.csv")));
}

TEST(CliOutputs, ReportBatchAndExportRefuseToWriteOverTheRegistry) {
  TempDir dir;
  const std::string db = registry(dir);
  const std::string before = slurp(db);
  ASSERT_EQ(::symlink(db.c_str(), dir.file("db-link.html").c_str()), 0);
  const std::vector<std::string> commands = {
      " report --db " + db + " --format html -o " + db,
      " report --db " + db + " --format html -o " + dir.file("db-link.html"),
      " batch " + source_dir() + "/samples --db " + db + " --format html -o " + db,
      " batch " + dir.path() + " --db " + db + " --format html -o " + db + "-wal",
      " sns export --db " + db + " --format html -o " + db,
      " db backup --db " + db + " --force " + db,
  };
  for (const std::string& c : commands) {
    const auto r = run(bin() + c);
    EXPECT_EQ(r.exit_code, 2) << c << "\n" << r.err;
    EXPECT_NE(r.err.find("the output is the same file as an input"), std::string::npos) << c << "\n"
                                                                                        << r.err;
  }
  EXPECT_EQ(slurp(db), before);
  EXPECT_EQ(run(bin() + " db verify --db " + db).exit_code, 0);
}

TEST(CliOutputs, BatchRefusesToWriteOverAContractOfTheBatch) {
  TempDir dir;
  fs::create_directory(dir.file("t"));
  const std::string in = contract(dir, "t/in.docx");
  const std::string before = slurp(in);
  const auto r = run(bin() + " batch " + dir.file("t") + " --db " + dir.file("t.db") +
                     " --format html -o " + in);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(slurp(in), before);
  EXPECT_FALSE(fs::exists(dir.file("t.db")));

  // The profile is an input too.
  fs::copy_file(source_dir() + "/requirements/profiles/tsuchiura.toml", dir.file("p.toml"));
  const std::string profile = slurp(dir.file("p.toml"));
  for (const std::string& c :
       {" batch " + dir.file("t") + " --db " + dir.file("t.db"), " scan " + in}) {
    const auto p = run(bin() + c + " --profile " + dir.file("p.toml") + " --format html -o " +
                       dir.file("p.toml"));
    EXPECT_EQ(p.exit_code, 2) << c << "\n" << p.err;
    EXPECT_EQ(slurp(dir.file("p.toml")), profile) << c;
  }
}

// --- item 3: the format follows -o's extension ---

TEST(CliOutputs, TheFormatFollowsTheExtension) {
  TempDir dir;
  const std::string in = sample("outsourcing-tokki.docx");
  ASSERT_EQ(run(bin() + " scan --fail-on never -o " + dir.file("結果.xlsx") + " " + in).exit_code,
            0);
  EXPECT_EQ(slurp(dir.file("結果.xlsx")).substr(0, 2), "PK");
  ASSERT_EQ(run(bin() + " scan --fail-on never -o " + dir.file("r.JSON") + " " + in).exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(slurp(dir.file("r.JSON"))).at("file"), in);
  ASSERT_EQ(run(bin() + " scan --fail-on never -o " + dir.file("r.html") + " " + in).exit_code, 0);
  EXPECT_NE(slurp(dir.file("r.html")).find("<html"), std::string::npos);
  ASSERT_EQ(run(bin() + " scan --fail-on never -o " + dir.file("r.txt") + " " + in).exit_code, 0);
  EXPECT_EQ(slurp(dir.file("r.txt")).find("<html"), std::string::npos);

  const std::string db = registry(dir);
  const auto csv = run(bin() + " report --db " + db + " -o " + dir.file("all.csv"));
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(slurp(dir.file("all.csv")).substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(fs::exists(dir.file("all-findings.csv")));
  // The CSV has no place for the registry's history head: it goes to stderr too.
  EXPECT_EQ(csv.err.substr(0, csv.err.find('\n') + 1),
            "keiyaku: one row per verdict written to " + dir.file("all-findings.csv") + "\n");
  EXPECT_NE(csv.err.find("\nregistry history head: "), std::string::npos) << csv.err;
}

TEST(CliOutputs, AFormatThatContradictsTheExtensionIsAUsageError) {
  TempDir dir;
  const auto r = run(bin() + " scan --format html -o " + dir.file("r.json") + " " +
                     sample("outsourcing-tokki.docx"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("r.json: the extension says json but --format says html; make them agree"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir.file("r.json")));
  const std::string db = registry(dir);
  EXPECT_EQ(run(bin() + " report --db " + db + " -o " + dir.file("r.json")).exit_code,
            2);  // report has no json
  EXPECT_EQ(
      run(bin() + " batch " + dir.path() + " --db " + db + " --format csv -o " + dir.file("b.xlsx"))
          .exit_code,
      2);
  EXPECT_EQ(
      run(bin() + " sns export --db " + db + " --format csv -o " + dir.file("s.html")).exit_code,
      2);
  EXPECT_FALSE(fs::exists(dir.file("r.json")));
  EXPECT_FALSE(fs::exists(dir.file("b.xlsx")));
  EXPECT_FALSE(fs::exists(dir.file("s.html")));
}

TEST(CliOutputs, TheFindingsCsvNeverReplacesAFileKeiyakuDidNotWrite) {
  TempDir dir;
  const std::string db = registry(dir);
  std::ofstream(dir.file("all-findings.csv")) << "my own notes\n";
  const auto r = run(bin() + " report --db " + db + " -o " + dir.file("all.csv"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("all-findings.csv: is not a findings CSV written by keiyaku"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(slurp(dir.file("all-findings.csv")), "my own notes\n");
  EXPECT_FALSE(fs::exists(dir.file("all.csv")));

  // One keiyaku wrote is replaced by the next run, in either language.
  fs::remove(dir.file("all-findings.csv"));
  ASSERT_EQ(run(bin() + " report --db " + db + " -o " + dir.file("all.csv")).exit_code, 0);
  const auto again =
      run(build_dir() + "/keiyaku --lang ja report --db " + db + " -o " + dir.file("all.csv"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(slurp(dir.file("all-findings.csv")).find("ファイル,"), std::string::npos);
  EXPECT_EQ(run(bin() + " scan --fail-on never -o " + dir.file("all.csv") + " " +
                sample("cloud-service.docx"))
                .exit_code,
            0);
}
