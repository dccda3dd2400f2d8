// End-to-end tests of `keiyaku vendor` and `keiyaku db` on a temporary registry.

#include "support/temp_dir.hpp"

#include <base/sha256.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using keiyaku::test::build_dir;
using keiyaku::test::RunResult;
using keiyaku::test::TempDir;

namespace {

// Runs keiyaku on the test's own registry with a fixed clock, in English.
class RegistryCli : public ::testing::Test {
 protected:
  RunResult ky(const std::string& args, const std::string& now = "2026-04-01T09:00:00+09:00") {
    return keiyaku::test::run("LANG=C USER=tester KEIYAKU_NOW=" + now + " KEIYAKU_DB='" + db() +
                              "' " + build_dir() + "/keiyaku " + args);
  }
  std::string db() const { return m_dir.file("keiyaku.db"); }
  bool sqlite3(const std::string& sql) {
    return std::system(("sqlite3 '" + db() + "' \"" + sql + "\" >/dev/null 2>&1").c_str()) == 0;
  }
  bool have_sqlite3() { return std::system("command -v sqlite3 >/dev/null 2>&1") == 0; }
  TempDir m_dir;
};

// Nothing at all: no stdout, and exactly one line on stderr.
void expect_one_line_error(const RunResult& r, const std::string& message) {
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "keiyaku: error: " + message + "\n");
}

}  // namespace

TEST_F(RegistryCli, AddsListsAndShowsVendors) {
  auto r =
      ky("vendor add --name '株式会社アルファ' --corporate-number 1180301018771 --address 東京都");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "added vendor #1 株式会社アルファ\n");
  ASSERT_EQ(ky("vendor add --name ベータ合同会社").exit_code, 0);
  r = ky("vendor list");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(
      r.out,
      "ID  VENDOR            CORPORATE-NO   STATUS      NEXT-DUE  REASON\n"
      "2   ベータ合同会社    -              unverified  -         no verification recorded\n"
      "1   株式会社アルファ  1180301018771  unverified  -         no verification recorded\n");
  r = ky("vendor list --format json");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format_version"], 1);
  ASSERT_EQ(j["vendors"].size(), 2U);
  EXPECT_EQ(j["vendors"][1]["name"], "株式会社アルファ");
  EXPECT_EQ(j["vendors"][1]["corporate_number"], "1180301018771");
  EXPECT_EQ(j["vendors"][1]["status"]["status"], "unverified");
  EXPECT_EQ(j["vendors"][1]["status"]["status_ja"], "未確認");
  r = ky("vendor show 株式会社アルファ");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("#1 株式会社アルファ\n  corporate number: 1180301018771\n", 0), 0U)
      << r.out;
  r = ky("vendor edit 1 --contact 03-1234-5678 --by 監査担当");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = ky("db history --entity vendor --id 1 --format json");
  const auto h = nlohmann::json::parse(r.out)["history"];
  ASSERT_EQ(h.size(), 2U);
  EXPECT_EQ(h[0]["by"], "tester");
  EXPECT_EQ(h[1]["by"], "監査担当");
  EXPECT_EQ(h[1]["before"]["contact"], "");
  EXPECT_EQ(h[1]["after"]["contact"], "03-1234-5678");
}

TEST_F(RegistryCli, CsvHasABomAndNeutralisesFormulas) {
  ASSERT_EQ(ky("vendor add --name '=HYPERLINK(\"http://evil\")' --contact '+81-3-0000'").exit_code,
            0);
  const auto r = ky("vendor list --format csv");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(r.out.find("\"'=HYPERLINK(\"\"http://evil\"\")\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",'+81-3-0000,"), std::string::npos) << r.out;
}

TEST_F(RegistryCli, BadInputIsOneLineExit2AndWritesNothing) {
  expect_one_line_error(
      ky("vendor add --name A社 --corporate-number 1180301018772"),
      "wrong check digit in 法人番号 '1180301018772' (the first digit should be 9)");
  EXPECT_FALSE(std::filesystem::exists(db()));  // not even created
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  expect_one_line_error(ky("vendor add --name A社"),
                        "a vendor with this name already exists: 'A社' (#1)");
  expect_one_line_error(ky("vendor show B社"), "unknown vendor: 'B社' (did you mean 'A社'?)");
  expect_one_line_error(ky("vendor cert add A社 --kind isms --number 1 --valid-from 2026-02-30"),
                        "--valid-from: no such date: '2026-02-30'");
  expect_one_line_error(ky("vendor cert add A社 --kind isms --number 1 --valid-from H31.5.1"),
                        "--valid-from: 'H31.5.1' is outside 平成 (1989-01-08 to 2019-04-30)");
  expect_one_line_error(ky("vendor verify C社 --method onsite --result ok"),
                        "unknown vendor: 'C社' (did you mean 'A社'?)");
  expect_one_line_error(ky("vendor due --within soon"),
                        "--within: not a length of time: 'soon' (e.g. 30d, 2w, 3m, 1y)");
  expect_one_line_error(ky("vendor list", "yesterday"),
                        "--fixed-time / KEIYAKU_NOW must be ISO 8601: 'yesterday' "
                        "(2026-04-01T09:00:00+09:00)");
  EXPECT_EQ(ky("vendor cert add A社 --kind wrong --number 1 --valid-from 2026-01-01").exit_code, 2);
  const auto h = nlohmann::json::parse(ky("db history --format json").out)["history"];
  EXPECT_EQ(h.size(), 1U);
}

TEST_F(RegistryCli, ReadCommandsDoNotCreateARegistry) {
  const auto r = ky("vendor list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no registry here"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db()));
}

TEST_F(RegistryCli, CertificatesTakeEraDatesAndProposeValidTo) {
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  auto r = ky("vendor cert add A社 --kind isms --number 'IS 123' --valid-from 令和6年4月1日");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "added certificate #1 ISMS (ISO/IEC 27001) IS 123 (A社, 2024-04-01 – 2027-03-31)\n");
  EXPECT_EQ(r.err,
            "keiyaku: warning: no --valid-to given: using 2027-03-31 (ISMS (ISO/IEC 27001))\n");
  r = ky("vendor cert add 1 --kind ismap --number C-1 --valid-from R6.6.1 --audit-end ＲＸ");
  EXPECT_EQ(r.exit_code, 2);
  r = ky("vendor cert add 1 --kind ismap --number C-1 --valid-from R6.6.1 --audit-end R6.3.31");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2024-06-01 – 2025-07-31"), std::string::npos) << r.out;
  r = ky("vendor cert add 1 --kind pmark --number 1 --valid-from 2025-01-01 --valid-to 2030-12-31");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err,
            "keiyaku: warning: valid-to 2030-12-31 looks wrong: PrivacyMark is normally valid for "
            "2 years (until 2026-12-31)\n");
  r = ky("vendor cert add 1 --kind other --number X --valid-from 2025-01-01");
  EXPECT_EQ(r.exit_code, 2);
  r = ky("vendor cert list --format json");
  const auto j = nlohmann::json::parse(r.out)["certificates"];
  ASSERT_EQ(j.size(), 3U);
  EXPECT_EQ(j[0]["state"], "expired");  // the ISMAP registration ended 2025-07-31
}

TEST_F(RegistryCli, DerivedStatusFollowsTheFacts) {
  TempDir files;
  const std::string evidence = files.file("checksheet.xlsx");
  std::ofstream(evidence) << "回答済みチェックシート";
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  auto status = [&](const std::string& now) {
    const auto r = ky("vendor list --format json", now);
    return nlohmann::json::parse(r.out)["vendors"][0]["status"]["status_ja"].get<std::string>();
  };
  EXPECT_EQ(status("2026-04-01"), "未確認");
  auto r = ky("vendor verify A社 --method checksheet --result ok --evidence '" + evidence +
              "' --next-due 2027-03-31");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(status("2026-04-01"), "確認済");
  EXPECT_EQ(status("2027-03-31"), "確認済");
  EXPECT_EQ(status("2027-04-01"), "期限切れ");
  r = ky(
      "vendor verify A社 --method onsite --result needs-fix --date 2026-04-01 --next-due R8.6.30");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(status("2026-04-01"), "要是正");
  const auto v = nlohmann::json::parse(ky("vendor verifications A社 --format json").out);
  EXPECT_EQ(v["verifications"][0]["evidence_sha256"],
            keiyaku::sha256_hex("回答済みチェックシート"));
  EXPECT_EQ(v["verifications"][0]["verified_by"], "tester");
  EXPECT_EQ(v["verifications"][1]["next_due"], "2026-06-30");
  r = ky("vendor verify A社 --method onsite --result ok --date 2026-05-01");
  EXPECT_EQ(r.exit_code, 2);  // in the future
}

TEST_F(RegistryCli, DueListsSoonestFirst) {
  ASSERT_EQ(ky("vendor add --name A社", "2026-01-10").exit_code, 0);
  ASSERT_EQ(ky("vendor add --name B社").exit_code, 0);
  ASSERT_EQ(
      ky("vendor verify B社 --method report --result ok --date 2026-03-01 --next-due 2026-04-20")
          .exit_code,
      0);
  ASSERT_EQ(ky("vendor cert add B社 --kind pmark --number 'P-1' --valid-from 2024-04-10").exit_code,
            0);
  auto r = ky("vendor due");
  EXPECT_EQ(r.exit_code, 1);  // A社 has never been verified
  EXPECT_EQ(r.out,
            "DUE         LEFT             VENDOR  WHAT\n"
            "2026-01-10  81 days overdue  A社     verification (never verified)\n"
            "2026-04-09  in 8 days        B社     certificate renewal: PrivacyMark P-1\n"
            "2026-04-20  in 19 days       B社     periodic verification\n");
  r = ky("vendor due --within 7d --format json");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["until"], "2026-04-08");
  ASSERT_EQ(j["due"].size(), 1U);
  EXPECT_EQ(j["due"][0]["days_left"], -81);
  EXPECT_EQ(j["due"][0]["overdue"], true);
  EXPECT_EQ(j["overdue"], true);
}

// A scheduled task acts on the exit code: 1 while anything is overdue, 0 once nothing is, however
// much is coming up.
TEST_F(RegistryCli, DueExitsOneOnlyWhileSomethingIsOverdue) {
  ASSERT_EQ(ky("vendor add --name B社").exit_code, 0);
  ASSERT_EQ(
      ky("vendor verify B社 --method report --result ok --date 2026-03-01 --next-due 2026-04-20")
          .exit_code,
      0);
  auto r = ky("vendor due");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("periodic verification"), std::string::npos);
  r = ky("vendor due --format json");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["overdue"], false);
  r = ky("vendor due", "2026-04-21T09:00:00+09:00");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("1 day overdue"), std::string::npos) << r.out;
}

TEST_F(RegistryCli, DueWritesACalendar) {
  ASSERT_EQ(
      ky("vendor add --name 'B社, 本店; 東京都千代田区霞が関一丁目二番三号北館情報システム部'")
          .exit_code,
      0);
  ASSERT_EQ(ky("vendor verify 1 --method report --result ok --date 2026-03-01 --next-due "
               "2026-04-20")
                .exit_code,
            0);
  ASSERT_EQ(ky("vendor cert add 1 --kind pmark --number 'P-1' --valid-from 2024-04-10").exit_code,
            0);
  const auto r = ky("vendor due --format ics");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string& ics = r.out;
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0U) << ics;
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  // One all-day event per item, on its date, with the vendor's name escaped (RFC 5545 3.3.11).
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20260409\r\nDTEND;VALUE=DATE:20260410\r\n"),
            std::string::npos);
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20260420\r\n"), std::string::npos);
  std::string unfolded = ics;  // continuation lines start with one space (3.1)
  for (size_t p; (p = unfolded.find("\r\n ")) != std::string::npos;) {
    unfolded.erase(p, 3);
  }
  EXPECT_LT(unfolded.size(), ics.size());
  EXPECT_NE(
      unfolded.find("SUMMARY:B社\\, 本店\\; 東京都千代田区霞が関一丁目二番三号北館情報システム部: "
                    "periodic verification\r\n"),
      std::string::npos)
      << ics;
  // The moment of the run, in UTC (09:00 in Japan is 00:00 UTC).
  EXPECT_NE(ics.find("DTSTAMP:20260401T000000Z\r\n"), std::string::npos);
  // The same UIDs on every run, so that importing again updates the events.
  EXPECT_NE(ics.find("UID:keiyaku-verification-1-20260420@keiyaku\r\n"), std::string::npos);
  EXPECT_EQ(ky("vendor due --format ics").out, ics);
  // No line longer than 75 octets.
  size_t start = 0;
  for (size_t end; (end = ics.find("\r\n", start)) != std::string::npos; start = end + 2) {
    EXPECT_LE(end - start, 75U) << ics.substr(start, end - start);
    // and no UTF-8 character cut in two by a fold
    const size_t first = ics[start] == ' ' ? start + 1 : start;
    EXPECT_NE(static_cast<unsigned char>(ics[first]) & 0xC0U, 0x80U)
        << ics.substr(start, end - start);
  }
}

TEST_F(RegistryCli, SubcontractingChainIsDrawn) {
  for (const char* n : {"元請株式会社", "一次下請株式会社", "二次下請株式会社"}) {
    ASSERT_EQ(ky(std::string("vendor add --name ") + n).exit_code, 0);
  }
  auto r =
      ky("vendor subcontract add 元請株式会社 一次下請株式会社 --contract R8-001 "
         "--approved-on R8.3.1 --approval-doc 承認書.pdf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = ky("vendor sub add 2 3 --contract R8-001");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("[OUT-09]"), std::string::npos);
  expect_one_line_error(
      ky("vendor sub add 3 1 --contract R8-001"),
      "this would make a loop in the chain: '二次下請株式会社' → '元請株式会社' → … → "
      "'二次下請株式会社'");
  r = ky("vendor show 2");
  EXPECT_NE(r.out.find("sub-contracting:\n"
                       "  contract R8-001:\n"
                       "    元請株式会社 (#1)\n"
                       "    └─ 一次下請株式会社 (#2) ◀  approved 2026-03-01 (承認書.pdf)\n"
                       "       └─ 二次下請株式会社 (#3)  no approval recorded\n"),
            std::string::npos)
      << r.out;
  expect_one_line_error(ky("vendor remove 3"),
                        "'二次下請株式会社' is still referred to (contracts: 0, accounts: 0, "
                        "sub-contracting: 1); --force removes it and unlinks them");
  EXPECT_EQ(ky("vendor remove 3 --force").exit_code, 0);
  EXPECT_EQ(ky("db verify").exit_code, 0);
}

TEST_F(RegistryCli, VerifyNamesTheRowEditedWithTheSqliteCli) {
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  for (const char* n : {"A社", "B社", "C社"}) {
    ASSERT_EQ(ky(std::string("vendor add --name ") + n).exit_code, 0);
  }
  auto r = ky("db verify");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("ok: integrity, foreign keys, history chain, tables match the history (3 "
                        "rows, head 3:",
                        0),
            0U)
      << r.out;
  // The triggers stop a plain UPDATE; someone who drops them first is still caught.
  EXPECT_FALSE(sqlite3("UPDATE history SET by = 'mallory' WHERE id = 2"));
  ASSERT_TRUE(
      sqlite3("DROP TRIGGER history_no_update; UPDATE history SET by = 'mallory' WHERE id = 2"));
  r = ky("db verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "keiyaku: error: " + db() +
                       ": history row 2 was edited (its hash does not match its content)\n"
                       "keiyaku: error: " +
                       db() + ": the append-only triggers of the history were dropped\n");
  const auto j = nlohmann::json::parse(ky("db verify --format json").out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["first_bad_row"], 2);
}

TEST_F(RegistryCli, VerifyNamesADeletedRow) {
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  for (const char* n : {"A社", "B社", "C社"}) {
    ASSERT_EQ(ky(std::string("vendor add --name ") + n).exit_code, 0);
  }
  ASSERT_TRUE(sqlite3("DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = 3"));
  const auto r = ky("db verify");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(": history row 3 was deleted\n"), std::string::npos) << r.err;
}

TEST_F(RegistryCli, BackupMigrateAndNewerSchema) {
  ASSERT_EQ(ky("vendor add --name A社").exit_code, 0);
  auto r = ky("db migrate");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("the schema is up to date (version ", 0), 0U);
  const std::string copy = m_dir.file("backup.db");
  r = ky("db backup '" + copy + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ky("db backup '" + copy + "'").exit_code, 2);
  r = ky("db verify --db '" + copy + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = ky("vendor list --db '" + copy + "' --format json");
  EXPECT_EQ(nlohmann::json::parse(r.out)["vendors"][0]["name"], "A社");
  if (!have_sqlite3()) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  ASSERT_TRUE(sqlite3("PRAGMA user_version = 999"));
  r = ky("vendor list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("keiyaku: error: " + db() +
                            ": the registry has schema version 999, newer than this keiyaku "
                            "understands (",
                        0),
            0U)
      << r.err;
  EXPECT_NE(r.err.find("): use a newer keiyaku\n"), std::string::npos);
}

TEST_F(RegistryCli, JapaneseMessages) {
  const auto r =
      keiyaku::test::run("LANG=ja_JP.UTF-8 KEIYAKU_DB='" + db() + "' " + build_dir() +
                         "/keiyaku vendor add --name A社 --corporate-number 1234567890123");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "keiyaku: error: 法人番号のチェックデジットが違います: '1234567890123'（先頭の桁は 9 "
            "のはずです）\n");
}
