// keiyaku batch end to end: a folder of contracts into a registry, incremental re-runs, moved
// files, failures, the report formats, and a batch interrupted or killed half-way.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string bin() { return build_dir() + "/keiyaku --lang en"; }
std::string sample(const std::string& name) { return source_dir() + "/samples/" + name; }

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// The three samples in nested folders, a file that is not a DOCX and Word's owner file of an
// open document (which a walk must not take).
void make_archive(const TempDir& dir) {
  fs::create_directories(dir.file("docs/2026/cloud"));
  fs::copy_file(sample("outsourcing-tokki.docx"), dir.file("docs/2026/outsourcing.docx"));
  fs::copy_file(sample("cloud-service.docx"), dir.file("docs/2026/cloud/cloud.docx"));
  fs::copy_file(sample("sns-operation-spec.docx"), dir.file("docs/sns.docx"));
  std::ofstream(dir.file("docs/broken.docx")) << "this is not a zip archive";
  std::ofstream(dir.file("docs/~$outsourcing.docx")) << "owner file";
}

nlohmann::json batch_json(const TempDir& dir, const std::string& extra = "") {
  const auto r = run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db") + " --format json " + extra);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << r.exit_code << r.err;
  return nlohmann::json::parse(r.out);
}

int count_rows(const std::string& db) {
  const auto r = run(build_dir() + "/keiyaku --lang en report --db " + db + " --format csv");
  if (r.exit_code != 0) {
    return 0;
  }
  int n = 0;
  for (char c : r.out) {
    n += c == '\n' ? 1 : 0;
  }
  return n - 1;  // the header
}

}  // namespace

TEST(CliBatch, ReviewsAFolderRecordsFailuresAndSkipsUnchangedFiles) {
  TempDir dir;
  make_archive(dir);
  const auto first = run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db"));
  EXPECT_EQ(first.exit_code, 2) << first.err;  // one file failed
  EXPECT_NE(first.out.find("reviewed 3 · unchanged (skipped) 0 · failed 1"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("worst contracts:"), std::string::npos);
  EXPECT_NE(first.out.find(dir.file("docs/broken.docx") + ": not a ZIP archive"), std::string::npos) << first.out;
  // The failure is a one-line warning as it happens; no progress bar when stderr is not a terminal.
  EXPECT_NE(first.err.find("keiyaku: warning: " + dir.file("docs/broken.docx")), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find('\r'), std::string::npos);
  EXPECT_EQ(first.err.find("\x1b["), std::string::npos);

  const auto j = batch_json(dir);
  EXPECT_EQ(j["files"], 4);
  EXPECT_EQ(j["reviewed"], 0);
  EXPECT_EQ(j["unchanged"], 3);
  EXPECT_EQ(j["failed"], 1);  // tried again
  ASSERT_EQ(j["failures"].size(), 1U);
  EXPECT_EQ(j["failures"][0]["path"], dir.file("docs/broken.docx"));
  EXPECT_GT(j["totals"]["must"].get<int>(), 0);
  EXPECT_EQ(j["totals"], [&] {
    auto again = batch_json(dir, "--force");
    EXPECT_EQ(again["reviewed"], 3);
    return again["totals"];
  }());

  fs::remove(dir.file("docs/broken.docx"));
  const auto clean = run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db") + " --quiet");
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_TRUE(clean.err.empty()) << clean.err;
  EXPECT_EQ(run(bin() + " db verify --db " + dir.file("k.db")).exit_code, 0);
}

TEST(CliBatch, AMovedFileIsTheSameContract) {
  TempDir dir;
  make_archive(dir);
  fs::remove(dir.file("docs/broken.docx"));
  batch_json(dir);
  fs::create_directories(dir.file("docs/archive"));
  fs::rename(dir.file("docs/sns.docx"), dir.file("docs/archive/sns-2026.docx"));
  const auto j = batch_json(dir);
  EXPECT_EQ(j["unchanged"], 3);
  EXPECT_EQ(j["reviewed"], 0);
  const auto report = run(bin() + " report --db " + dir.file("k.db"));
  EXPECT_NE(report.out.find(dir.file("docs/archive/sns-2026.docx")), std::string::npos) << report.out;
  EXPECT_EQ(report.out.find(dir.file("docs/sns.docx")), std::string::npos);
  EXPECT_EQ(count_rows(dir.file("k.db")), 3);
}

TEST(CliBatch, AnEditedCatalogOrOtherKindsReviewAgain) {
  TempDir dir;
  make_archive(dir);
  fs::remove(dir.file("docs/broken.docx"));
  batch_json(dir);
  EXPECT_EQ(batch_json(dir, "--kind cloud")["reviewed"], 3);
  fs::copy(source_dir() + "/requirements", dir.file("req"), fs::copy_options::recursive);
  EXPECT_EQ(batch_json(dir, "--kind cloud --requirements " + dir.file("req"))["reviewed"], 0);
  std::ofstream(dir.file("req/cloud/CLD-01-data-scope.toml"), std::ios::app) << "\n# edited\n";
  EXPECT_EQ(batch_json(dir, "--kind cloud --requirements " + dir.file("req"))["reviewed"], 3);
}

TEST(CliBatch, WritesTheReportOfTheBatchInEachFormat) {
  TempDir dir;
  make_archive(dir);
  const std::string db = " --db " + dir.file("k.db");
  const auto html = run(bin() + " batch " + dir.file("docs") + db + " --format html -o " + dir.file("r.html"));
  EXPECT_EQ(html.exit_code, 2);
  EXPECT_TRUE(html.out.empty());
  EXPECT_NE(html.err.find("reviewed 3"), std::string::npos) << html.err;  // the summary goes to stderr
  const std::string page = slurp(dir.file("r.html"));
  EXPECT_NE(page.find("<table id=\"matrix\">"), std::string::npos);
  EXPECT_NE(page.find("not a ZIP archive"), std::string::npos);
  EXPECT_NE(page.find("id=\"c-4\""), std::string::npos);
  const auto csv = run(bin() + " batch " + dir.file("docs") + db + " --format csv -o " + dir.file("r.csv"));
  EXPECT_EQ(slurp(dir.file("r.csv")).substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(slurp(dir.file("r-findings.csv")).find("OUT-09"), std::string::npos);
  const auto xlsx = run(bin() + " batch " + dir.file("docs") + db + " --format xlsx -o " + dir.file("r.xlsx"));
  EXPECT_EQ(slurp(dir.file("r.xlsx")).substr(0, 2), "PK");
  const auto phases = run("KEIYAKU_PHASES=1 " + bin() + " batch " + dir.file("docs") + db + " --force --quiet");
  EXPECT_NE(phases.err.find("MeCab"), std::string::npos) << phases.err;
  EXPECT_NE(phases.err.find("unzip+XML"), std::string::npos);
}

TEST(CliBatch, UsageErrors) {
  TempDir dir;
  EXPECT_EQ(run(bin() + " batch " + dir.file("nowhere") + " --db " + dir.file("k.db")).exit_code, 2);
  EXPECT_EQ(run(bin() + " batch " + dir.path() + " --jobs 0 --db " + dir.file("k.db")).exit_code, 2);
  EXPECT_EQ(run(bin() + " batch --db " + dir.file("k.db")).exit_code, 2);
}

namespace {

// Starts a batch of many files in the background, waits until some are recorded, sends `sig`,
// and returns the batch's exit code and how many contracts were recorded before the signal.
std::pair<int, int> interrupt_batch(const TempDir& dir, int sig, int files) {
  fs::create_directories(dir.file("many"));
  const char* names[] = {"outsourcing-tokki.docx", "cloud-service.docx", "sns-operation-spec.docx"};
  for (int i = 0; i < files; ++i) {
    fs::copy_file(sample(names[i % 3]), dir.file("many/" + std::to_string(1000 + i) + ".docx"));
  }
  const std::string cmd = "sh -c '" + build_dir() + "/keiyaku --lang en batch " + dir.file("many") +
                          " --jobs 1 --db " + dir.file("k.db") + " >" + dir.file("out") + " 2>" + dir.file("err") +
                          " & echo $! >" + dir.file("pid") + "; wait $!; echo $? >" + dir.file("rc") + "' 2>/dev/null &";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  pid_t pid = 0;
  int before = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pid == 0) {
      pid = static_cast<pid_t>(std::atoi(slurp(dir.file("pid")).c_str()));
    }
    before = count_rows(dir.file("k.db"));
    if (pid > 0 && before >= 3) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GT(pid, 0);
  EXPECT_GE(before, 3);
  ::kill(pid, sig);
  while (std::chrono::steady_clock::now() < deadline && slurp(dir.file("rc")).empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {std::atoi(slurp(dir.file("rc")).c_str()), before};
}

}  // namespace

// Enough files that one job is still busy when the test sees the first rows saved (about 2 s at
// the speed of a release build; 90 took 0.3 s, which a slow poll could miss). Under AddressSanitizer
// each review is some ten times slower, so a tenth of them keeps the job as busy (and the run after
// the interruption, which reviews the rest, takes seconds instead of a minute).
#if defined(__SANITIZE_ADDRESS__)
constexpr int k_many = 60;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int k_many = 60;
#else
constexpr int k_many = 600;
#endif
#else
constexpr int k_many = 600;
#endif

TEST(CliBatch, AnInterruptedBatchSavesWhatIsDoneAndTheNextRunContinues) {
  TempDir dir;
  const int files = k_many;
  const auto [rc, before] = interrupt_batch(dir, SIGINT, files);
  EXPECT_EQ(rc, 130) << slurp(dir.file("err"));
  EXPECT_NE(slurp(dir.file("err")).find("interrupted"), std::string::npos);
  EXPECT_NE(slurp(dir.file("out")).find("not done (interrupted)"), std::string::npos) << slurp(dir.file("out"));
  EXPECT_EQ(run(bin() + " db verify --db " + dir.file("k.db")).exit_code, 0);
  const int saved = count_rows(dir.file("k.db"));
  EXPECT_GE(saved, before);
  EXPECT_LT(saved, files);
  const auto again = run(bin() + " batch " + dir.file("many") + " --db " + dir.file("k.db") + " --format json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto j = nlohmann::json::parse(again.out);
  EXPECT_EQ(j["unchanged"], saved);
  EXPECT_EQ(j["reviewed"], files - saved);
  EXPECT_EQ(count_rows(dir.file("k.db")), files);
}

TEST(CliBatch, AKilledBatchLeavesAConsistentRegistry) {
  TempDir dir;
  const int files = k_many;
  const auto [rc, before] = interrupt_batch(dir, SIGKILL, files);
  EXPECT_EQ(rc, 128 + SIGKILL);
  EXPECT_EQ(run(bin() + " db verify --db " + dir.file("k.db")).exit_code, 0);
  const int saved = count_rows(dir.file("k.db"));
  EXPECT_GE(saved, before);
  const auto again = run(bin() + " batch " + dir.file("many") + " --db " + dir.file("k.db") + " --format json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto j = nlohmann::json::parse(again.out);
  EXPECT_EQ(j["unchanged"], saved);
  EXPECT_EQ(j["reviewed"], files - saved);
  EXPECT_EQ(count_rows(dir.file("k.db")), files);
  EXPECT_EQ(run(bin() + " db verify --db " + dir.file("k.db")).exit_code, 0);
}

// --profile: families the body's policy lacks become n/a in the registry, and the profile (its
// name and content) is part of what makes a file unchanged.
TEST(CliBatch, AProfileAppliesAndEditingItReviewsAgain) {
  TempDir dir;
  make_archive(dir);
  fs::remove(dir.file("docs/broken.docx"));
  fs::copy(source_dir() + "/requirements", dir.file("req"), fs::copy_options::recursive);
  const std::string req = " --requirements " + dir.file("req");
  EXPECT_EQ(batch_json(dir, req)["reviewed"], 3);
  // 熊本市議会's policy has cloud rules only: a new key, every file again, outsourcing n/a.
  EXPECT_EQ(batch_json(dir, req + " --profile kumamoto-gikai")["reviewed"], 3);
  EXPECT_EQ(batch_json(dir, req + " --profile kumamoto-gikai")["reviewed"], 0);
  const auto csv = run(bin() + " report --db " + dir.file("k.db") + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const std::string line = csv.out.substr(csv.out.find("outsourcing.docx"));
  const std::string row = line.substr(0, line.find('\n'));
  EXPECT_NE(row.find(",n/a,n/a,"), std::string::npos) << row;
  std::ofstream(dir.file("req/profiles/kumamoto-gikai.toml"), std::ios::app) << "\n# edited\n";
  EXPECT_EQ(batch_json(dir, req + " --profile kumamoto-gikai")["reviewed"], 3);
  const auto bad = run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db") + " --profile nosuch");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("nosuch"), std::string::npos) << bad.err;
}

// A waiver (例外承認) recorded in the registry shows in the batch's and report's output until its
// date; the verdict itself stays.
TEST(CliBatch, WaiversShowInTheReportsUntilTheirDate) {
  TempDir dir;
  fs::create_directories(dir.file("docs"));
  const std::string contract = dir.file("docs/c.txt");
  std::ofstream(contract, std::ios::binary)
      << "業務委託契約書\n"
         "北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)は、次のとおり契約する。\n"
         "第1条 乙は、本業務の全部又は一部を第三者に再委託することができる。\n";
  const std::string db = " --db " + dir.file("k.db");
  const std::string at = "KEIYAKU_NOW=2026-04-02 " + bin();
  ASSERT_EQ(run(at + " batch " + contract + db).exit_code, 0);
  ASSERT_EQ(run(at + " waive " + contract + " OUT-09 --reason 再委託先は別紙で承認済み --approver 情報政策課長"
                     " --until 2026-04-30" + db).exit_code, 0);
  const auto during = run(at + " report --format csv" + db);
  ASSERT_EQ(during.exit_code, 0) << during.err;
  EXPECT_NE(during.out.find("contradicted"), std::string::npos);
  const auto html = run(at + " batch " + contract + " --format html" + db);
  EXPECT_NE(html.out.find("再委託先は別紙で承認済み（approver 情報政策課長、until 2026-04-30）"), std::string::npos);
  const auto after = run("KEIYAKU_NOW=2026-05-01 " + bin() + " batch " + contract + " --format html" + db);
  EXPECT_EQ(after.out.find("再委託先は別紙で承認済み"), std::string::npos);
}

// Issue 12 item 4: a name that is not UTF-8 is recorded as failed under an escaped name, and the
// batch goes on (it used to end in std::terminate, exit 134).
TEST(CliBatch, ANameThatIsNotUtf8DoesNotAbortTheBatch) {
  TempDir dir;
  fs::create_directory(dir.file("t"));
  fs::copy_file(sample("outsourcing-tokki.docx"), dir.file("t/bad\xff.docx"));
  fs::copy_file(sample("cloud-service.docx"), dir.file("t/good.docx"));
  const std::string db = dir.file("t.db");
  const auto r = run(bin() + " batch " + dir.file("t") + " --db " + db + " --format json");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("reviewed"), 1);
  EXPECT_EQ(j.at("failed"), 1);
  EXPECT_EQ(j.at("failures").at(0).at("path"), dir.file("t/bad\\xFF.docx"));
  EXPECT_NE(r.err.find("bad\\xFF.docx: the file name is not UTF-8"), std::string::npos) << r.err;
  const auto report = run(bin() + " report --db " + db);
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("bad\\xFF.docx"), std::string::npos) << report.out;
  EXPECT_EQ(run(bin() + " db verify --db " + db).exit_code, 0);
}

// A vendor registered after its contracts were reviewed is linked to them at once by
// `vendor add` (and `ledger import`), without --force and without reading the files again; the
// report shows its status without another batch.
TEST(CliBatch, AVendorRegisteredLaterIsLinkedAtOnce) {
  TempDir dir;
  make_archive(dir);
  fs::remove(dir.file("docs/broken.docx"));
  auto j = batch_json(dir);
  EXPECT_EQ(j["linked_vendors"], 0);
  const std::string db = " --db " + dir.file("k.db");
  // The row of the contract that names the vendor, in the report's CSV.
  auto row_of_outsourcing = [&] {
    const std::string csv = run(bin() + " report --format csv" + db).out;
    const size_t at = csv.find("outsourcing.docx");
    const size_t start = csv.rfind('\n', at) + 1;
    return csv.substr(start, csv.find('\n', at) - start);
  };
  EXPECT_NE(row_of_outsourcing().find("not in the registry"), std::string::npos);
  const auto add = run(bin() + " vendor add" + db + " --name '（株）ミナモ情報システム'");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE((add.out + add.err).find("linked 1 reviewed contract(s) to it"), std::string::npos) << add.out << add.err;
  const auto shown = run(bin() + " vendor show 1 --format json" + db);
  EXPECT_NE(shown.out.find("outsourcing.docx"), std::string::npos) << shown.out;
  const std::string row = row_of_outsourcing();
  EXPECT_EQ(row.find("not in the registry"), std::string::npos) << row;
  EXPECT_NE(row.find("ミナモ情報システム"), std::string::npos) << row;
  // Nothing is left for the next batch to link, and nothing was read again.
  j = batch_json(dir);
  EXPECT_EQ(j["reviewed"], 0);
  EXPECT_EQ(j["unchanged"], 3);
  EXPECT_EQ(j["linked_vendors"], 0);
  EXPECT_EQ(run(bin() + " db verify" + db).exit_code, 0);
}

// The same for vendors imported from a ledger kept in Excel or CSV.
TEST(CliBatch, AVendorImportedLaterIsLinkedAtOnce) {
  TempDir dir;
  make_archive(dir);
  fs::remove(dir.file("docs/broken.docx"));
  batch_json(dir);
  const std::string csv = dir.file("vendors.csv");
  std::ofstream(csv, std::ios::binary) << "事業者名\n（株）ミナモ情報システム\n";
  const std::string db = " --db " + dir.file("k.db");
  const auto dry = run(bin() + " ledger import vendors " + csv + " --dry-run" + db);
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.err.find("linked"), std::string::npos) << dry.err;  // nothing written, nothing linked
  const auto imported = run(bin() + " ledger import vendors " + csv + db);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("linked 1 reviewed contract(s) to their vendors"), std::string::npos) << imported.err;
  EXPECT_NE(run(bin() + " vendor show 1 --format json" + db).out.find("outsourcing.docx"), std::string::npos);
  EXPECT_EQ(batch_json(dir)["linked_vendors"], 0);
}
