// The registry under a hostile or careless hand, end to end: read-only files and media, another
// program's SQLite file, two batches at once, tables edited with the sqlite3 CLI, and the history
// head anchored outside the database (issue 12, items 5–8).

#include "support/temp_dir.hpp"

#include <base/sha256.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::RunResult;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

bool have_sqlite3() {
  return std::system("command -v sqlite3 >/dev/null 2>&1") == 0;
}

class RegistryIntegrity : public ::testing::Test {
 protected:
  std::string db() const { return m_dir.file("reg/k.db"); }
  void SetUp() override { fs::create_directories(m_dir.file("reg")); }
  std::string env() const {
    return "LANG=C USER=tester KEIYAKU_NOW=2026-04-01T09:00:00+09:00 KEIYAKU_DB='" + db() + "' ";
  }
  RunResult ky(const std::string& args, const std::string& prefix = "") {
    return run(env() + prefix + build_dir() + "/keiyaku " + args);
  }
  RunResult sql(const std::string& statements) {
    return run("sqlite3 '" + db() + "' \"" + statements + "\"");
  }
  // Copies of a sample contract under docs/.
  void make_docs(int n) {
    fs::create_directories(m_dir.file("docs"));
    for (int i = 0; i < n; ++i) {
      fs::copy_file(source_dir() + "/samples/outsourcing-tokki.docx",
                    m_dir.file("docs/c" + std::to_string(i) + ".docx"));
    }
  }
  TempDir m_dir;
};

}  // namespace

TEST_F(RegistryIntegrity, ReadCommandsWorkOnAReadOnlyRegistryAndChangeNothing) {
  // As root, permissions do not stop writes: the read commands then run as nobody.
  std::string as_reader;
  if (::geteuid() == 0) {
    if (std::system("command -v setpriv >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "setpriv missing";
    }
    as_reader = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  make_docs(1);
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  ASSERT_EQ(ky("sns add --service x --handle koho --url https://x.com/koho --department 広報課 "
               "--owner 山田")
                .exit_code,
            0);
  ASSERT_EQ(ky("batch " + m_dir.file("docs") + " --quiet").exit_code, 0);
  // A registry left as a clean close leaves it (no -wal, no -shm), on a read-only file in a
  // read-only directory: the -shm of WAL mode cannot be created either.
  fs::permissions(m_dir.path(), fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
  ASSERT_FALSE(fs::exists(db() + "-wal"));
  ::chmod(db().c_str(), 0444);
  ::chmod(m_dir.file("reg").c_str(), 0555);
  const std::string before = keiyaku::sha256_hex(slurp(db()));
  for (const char* args : {"report", "report --format html", "vendor list", "vendor show A社",
                           "vendor due", "sns show koho", "sns list", "sns check", "db verify",
                           "db anchor", "db history", "waive --list"}) {
    const RunResult r = ky(args, as_reader);
    // sns check and vendor due exit 1 when something needs doing (A社 was never verified).
    EXPECT_TRUE(r.exit_code == 0 || ((std::string(args) == "sns check" || std::string(args) == "vendor due") && r.exit_code == 1))
        << args << ": " << r.exit_code << " " << r.err;
    EXPECT_EQ(r.err.find("readonly"), std::string::npos) << args << ": " << r.err;
  }
  ::chmod(m_dir.file("reg").c_str(), 0755);
  EXPECT_EQ(keiyaku::sha256_hex(slurp(db())), before);
  EXPECT_FALSE(fs::exists(db() + "-wal"));
  // A write on the read-only file is refused with the reason, and leaves it as it was.
  const RunResult w = ky("vendor add --name B社", as_reader);
  EXPECT_EQ(w.exit_code, 2) << w.err;
  EXPECT_EQ(keiyaku::sha256_hex(slurp(db())), before);
}

TEST_F(RegistryIntegrity, AnotherProgramsSqliteFileIsRefusedUnchanged) {
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  // Another program's database, with a schema version of its own (many set one).
  ASSERT_EQ(sql("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep'); "
                "PRAGMA user_version = 1;")
                .exit_code,
            0);
  const std::string before = keiyaku::sha256_hex(slurp(db()));
  for (const char* args :
       {"vendor add --name A社", "vendor list", "db verify", "db migrate", "report"}) {
    const RunResult r = ky(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.err, "keiyaku: error: " + db() +
                         ": a SQLite file that is not a keiyaku registry (nothing was changed)\n")
        << args;
  }
  EXPECT_EQ(keiyaku::sha256_hex(slurp(db())), before);
  EXPECT_EQ(sql("PRAGMA journal_mode").out, "delete\n");
  // In Japanese too.
  const RunResult ja =
      run("LANG=ja_JP.UTF-8 KEIYAKU_DB='" + db() + "' " + build_dir() + "/keiyaku vendor list");
  EXPECT_EQ(ja.exit_code, 2);
  EXPECT_NE(ja.err.find("keiyaku の台帳ではない SQLite ファイルです（何も変更していません）"),
            std::string::npos)
      << ja.err;
}

TEST_F(RegistryIntegrity, TwoBatchesAtOnceRecordOneContractPerPath) {
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  make_docs(12);
  const std::string batch =
      env() + build_dir() + "/keiyaku batch " + m_dir.file("docs") + " --jobs 1 --quiet";
  const RunResult r = run("(" + batch + " > " + m_dir.file("1.out") + " 2>&1; echo $? > " +
                          m_dir.file("1.rc") + ") & (" + batch + " > " + m_dir.file("2.out") +
                          " 2>&1; echo $? > " + m_dir.file("2.rc") + ") & wait");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(slurp(m_dir.file("1.rc")), "0\n") << slurp(m_dir.file("1.out"));
  EXPECT_EQ(slurp(m_dir.file("2.rc")), "0\n") << slurp(m_dir.file("2.out"));
  EXPECT_EQ(sql("SELECT count(*), count(DISTINCT path) FROM contracts").out, "12|12\n");
  EXPECT_EQ(ky("db verify").exit_code, 0);
}

TEST_F(RegistryIntegrity, ASecondBatchWaitsForTheFirstWithAMessage) {
  make_docs(1);
  // The test holds the lock a running batch would hold.
  // Close-on-exec: the batch must not inherit the test's hold on the lock.
  const int fd = ::open((db() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  ASSERT_EQ(::write(fd, "4242\n", 5), 5);
  const std::string err = m_dir.file("batch.err");
  const std::string rc = m_dir.file("batch.rc");
  ASSERT_EQ(run("(" + env() + build_dir() + "/keiyaku batch " + m_dir.file("docs") +
                " --quiet 2> " + err + "; echo $? > " + rc + ") >/dev/null 2>&1 &")
                .exit_code,
            0);
  // Waits for the message (bounded, not a timing assertion).
  for (int i = 0; i < 600 && slurp(err).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(slurp(err), "keiyaku: warning: " + db() +
                            ": another keiyaku batch (pid 4242) is writing to this registry; "
                            "waiting for it to finish…\n");
  EXPECT_FALSE(fs::exists(db()));  // nothing read or written while waiting
  ::close(fd);                     // the first batch ends
  for (int i = 0; i < 600 && slurp(rc).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(slurp(rc), "0\n");
  EXPECT_TRUE(fs::exists(db()));
}

TEST_F(RegistryIntegrity, TablesEditedWithTheSqliteCliFailVerifyByRow) {
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  make_docs(1);
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  ASSERT_EQ(ky("vendor verify A社 --method onsite --result needs-fix").exit_code, 0);
  ASSERT_EQ(ky("batch " + m_dir.file("docs") + " --quiet").exit_code, 0);
  ASSERT_EQ(ky("db verify").exit_code, 0);
  ASSERT_EQ(sql("UPDATE verifications SET result='ok' WHERE id=1").exit_code, 0);
  RunResult r = ky("db verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "keiyaku: error: " + db() +
                       ": verifications row 1 differs from the history: result is 'ok' (the "
                       "history says 'needs-fix')\n");
  ASSERT_EQ(sql("UPDATE verifications SET result='needs-fix' WHERE id=1").exit_code, 0);
  EXPECT_EQ(ky("db verify").exit_code, 0);

  // A review made to look clean: every verdict satisfied, the counts to match.
  const std::string clean = ky("report").out;
  ASSERT_EQ(sql("UPDATE findings SET status='satisfied' WHERE status IN ('weak', 'missing', "
                "'contradicted'); UPDATE reviews SET weak=0, missing=0, contradicted=0")
                .exit_code,
            0);
  EXPECT_NE(ky("report").out, clean);
  r = ky("db verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "keiyaku: error: " + db() + ": reviews row 1 (" + m_dir.file("docs/c0.docx") +
                       "): the review or its verdicts, evidence or risks (findings, evidence, "
                       "risks, file_risks) do not match the hash recorded with it: they were "
                       "edited outside keiyaku\n");
  // The next batch does not take the forged review as the file's: it reads the file again.
  r = ky("batch " + m_dir.file("docs"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("reviewed 1 · unchanged (skipped) 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("files reviewed again because their stored review was edited outside "
                       "keiyaku:\n  " +
                       m_dir.file("docs/c0.docx") + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ky("report").out.substr(0, 200), clean.substr(0, 200));
  // The forged review stays in the registry, and stays named by verify.
  EXPECT_EQ(ky("db verify").exit_code, 1);
  r = ky("batch " + m_dir.file("docs"));
  EXPECT_NE(r.out.find("reviewed 0 · unchanged (skipped) 1"), std::string::npos) << r.out;
}

TEST_F(RegistryIntegrity, ReportsSummariesAndExportsPrintTheHeadThatVerifyChecks) {
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  make_docs(1);
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  ASSERT_EQ(ky("sns add --service x --handle koho --url https://x.com/koho --department 広報課 "
               "--owner 山田")
                .exit_code,
            0);
  RunResult r = ky("batch " + m_dir.file("docs"));
  ASSERT_EQ(r.exit_code, 0);
  const RunResult a = ky("db anchor --format json");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto j = nlohmann::json::parse(a.out);
  const std::string anchor = j["anchor"];
  EXPECT_EQ(anchor, std::to_string(j["seq"].get<int>()) + ":" + j["hash"].get<std::string>());
  EXPECT_EQ(ky("db anchor").out,
            "registry history head: " + anchor + "  (2026-04-01T09:00:00+09:00)\n");
  const std::string line = "registry history head: " + anchor + "\n";
  EXPECT_NE(r.out.find(line), std::string::npos) << r.out;
  EXPECT_NE(ky("report").out.find(line), std::string::npos);
  EXPECT_NE(ky("report --format html").out.find("<code>" + anchor + "</code>"), std::string::npos);
  r = ky("report --format csv -o " + m_dir.file("all.csv"));
  EXPECT_NE(r.err.find(line), std::string::npos) << r.err;
  r = ky("sns export --format html");
  EXPECT_NE(r.out.find("<meta name=\"keiyaku-history-head\" content=\"" + anchor + "\">"),
            std::string::npos);
  EXPECT_EQ(r.err, line);
  const auto summary =
      nlohmann::json::parse(ky("batch " + m_dir.file("docs") + " --format json").out);
  EXPECT_EQ(summary["history_head"]["anchor"], anchor);
  EXPECT_EQ(ky("db verify --expect-head " + anchor).exit_code, 0);

  // The last change undone, its history row deleted and the head reset: verify alone passes, the
  // anchor does not.
  ASSERT_EQ(ky("vendor add --name B社").exit_code, 0);
  const std::string later = nlohmann::json::parse(ky("db anchor --format json").out)["anchor"];
  ASSERT_EQ(sql("DROP TRIGGER history_no_delete; DELETE FROM history WHERE entity='vendor' AND "
                "entity_id=2; DELETE FROM vendors WHERE id=2; UPDATE history_head SET last_id="
                "(SELECT max(id) FROM history), hash=(SELECT hash FROM history ORDER BY id DESC "
                "LIMIT 1); CREATE TRIGGER history_no_delete BEFORE DELETE ON history BEGIN SELECT "
                "RAISE(ABORT, 'history is append-only'); END;")
                .exit_code,
            0);
  EXPECT_EQ(ky("db verify").exit_code, 0);
  EXPECT_EQ(ky("db verify --expect-head " + anchor).exit_code, 0);
  r = ky("db verify --expect-head " + later);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the recorded head (" + later +
                       ") is not in the history: the history was "
                       "cut back"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ky("db verify --expect-head 12:nothex").exit_code, 2);
}
