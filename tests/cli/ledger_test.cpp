// `keiyaku ledger`: the ledgers out to one workbook and in again, and ledgers kept in Excel or CSV
// (UTF-8 with or without BOM, CP932) imported with every bad row refused and nothing half-written.

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>

using keiyaku::test::build_dir;
using keiyaku::test::RunResult;
using keiyaku::test::TempDir;

namespace {

class LedgerCli : public ::testing::Test {
 protected:
  RunResult ky(const std::string& args, const std::string& db = "keiyaku.db") {
    return keiyaku::test::run("cd '" + m_dir.path() +
                              "' && LANG=C USER=tester KEIYAKU_NOW=2026-04-01T09:00:00+09:00 "
                              "KEIYAKU_DB='" +
                              m_dir.file(db) + "' " + build_dir() + "/keiyaku " + args);
  }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(m_dir.file(name), std::ios::binary) << bytes;
  }
  nlohmann::json json(const std::string& args, const std::string& db = "keiyaku.db") {
    const RunResult r = ky(args + " --format json", db);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    return nlohmann::json::parse(r.out);
  }
  TempDir m_dir;
};

}  // namespace

TEST_F(LedgerCli, ExportedWorkbookImportsIntoAnEmptyRegistry) {
  ASSERT_EQ(
      ky("vendor add --name 株式会社アルファ --corporate-number 1180301018771 --address 東京都")
          .exit_code,
      0);
  ASSERT_EQ(ky("vendor add --name ベータ合同会社").exit_code, 0);
  ASSERT_EQ(ky("vendor cert add 株式会社アルファ --kind isms --number IS-1 --valid-from 2025-04-01")
                .exit_code,
            0);
  ASSERT_EQ(ky("vendor cert add ベータ合同会社 --kind pmark --number P-2 --valid-from 2024-10-01 "
               "--valid-to 2026-09-30")
                .exit_code,
            0);
  ASSERT_EQ(ky("vendor verify 株式会社アルファ --method onsite --result ok --date 2026-03-01 "
               "--next-due 2027-02-28 --note 'report, page 3'")
                .exit_code,
            0);
  ASSERT_EQ(ky("sns add --service line --handle City --url https://line.me/R/ti/p/@city "
               "--department 広報課 --owner 広報課長 --mfa --operator ベータ合同会社")
                .exit_code,
            0);
  RunResult r = ky("ledger export -o ledgers.xlsx");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* sheet : {"Vendors", "Certificates", "Verifications", "SNS accounts"}) {
    const std::string ledger = std::string(sheet) == "Vendors"         ? "vendors"
                               : std::string(sheet) == "Certificates"  ? "certificates"
                               : std::string(sheet) == "Verifications" ? "verifications"
                                                                       : "sns";
    r = ky("ledger import " + ledger + " ledgers.xlsx --sheet '" + sheet + "'", "copy.db");
    ASSERT_EQ(r.exit_code, 0) << sheet << ": " << r.err;
  }
  for (const char* list : {"vendor list", "vendor cert list", "sns list"}) {
    auto a = json(list);
    auto b = json(list, "copy.db");
    const std::string key = std::string(list) == "vendor list"        ? "vendors"
                            : std::string(list) == "vendor cert list" ? "certificates"
                                                                      : "accounts";
    ASSERT_EQ(a[key].size(), b[key].size()) << list;
    for (size_t i = 0; i < a[key].size(); ++i) {
      for (auto* j : {&a[key][i], &b[key][i]}) {
        for (const char* volatile_key : {"id", "created_at", "updated_at", "owner_department"}) {
          j->erase(volatile_key);
        }
      }
      EXPECT_EQ(a[key][i], b[key][i]) << list;
    }
  }
  const auto v = json("vendor verifications", "copy.db");
  ASSERT_EQ(v["verifications"].size(), 1U);
  EXPECT_EQ(v["verifications"][0]["method"], "onsite");
  EXPECT_EQ(v["verifications"][0]["next_due"], "2027-02-28");
  EXPECT_EQ(v["verifications"][0]["note"], "report, page 3");
  // Importing the same workbook again changes nothing.
  r = ky("ledger import vendors ledgers.xlsx --sheet Vendors", "copy.db");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "row 2  unchanged  株式会社アルファ\n"
            "row 3  unchanged  ベータ合同会社\n");
}

TEST_F(LedgerCli, ShiftJisCsvWithJapaneseHeadingsAndValues) {
  write("utf8.csv",
        "事業者名,法人番号,所在地\r\n"
        "株式会社アルファ,1180301018771,東京都千代田区\r\n"
        "\"ベータ合同会社, 本店\",,\"大阪府\r\n大阪市\"\r\n");
  ASSERT_EQ(std::system(("iconv -f UTF-8 -t CP932 '" + m_dir.file("utf8.csv") + "' > '" +
                         m_dir.file("sjis.csv") + "'")
                            .c_str()),
            0);
  RunResult r = ky("ledger import 事業者 sjis.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "row 2  add  株式会社アルファ\n"
            "row 3  add  ベータ合同会社, 本店\n");
  const auto j = json("vendor list");
  ASSERT_EQ(j["vendors"].size(), 2U);
  EXPECT_EQ(j["vendors"][0]["address"], "大阪府\r\n大阪市");

  write("certs.csv",
        "\xEF\xBB\xBF"
        "事業者名,認証の種類,認証番号,有効期間の開始日,有効期限\n"
        "株式会社アルファ,Pマーク,10820123,R7.4.1,\n"
        "株式会社アルファ,ＩＳＭＳ,IS 1,2025/4/1,2028/3/31\n");
  r = ky("ledger import 認証 certs.csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto c = json("vendor cert list");
  ASSERT_EQ(c["certificates"].size(), 2U);
  std::map<std::string, std::string> valid_to;
  for (const auto& cert : c["certificates"]) {
    valid_to[cert["kind"]] = cert["valid_to"];
  }
  EXPECT_EQ(valid_to["isms"], "2028-03-31");
  EXPECT_EQ(valid_to["pmark"], "2027-03-31");  // proposed from the kind's lifecycle
}

// Every bad row is named with its row number and reason, and nothing at all is written.
TEST_F(LedgerCli, BadRowsAreRefusedAndNothingIsWritten) {
  ASSERT_EQ(ky("vendor add --name 既存株式会社").exit_code, 0);
  write("bad.csv",
        "name,corporate_number,address\n"
        "株式会社アルファ,1180301018771,東京都\n"
        "株式会社ベータ,1180301018772,\n"
        ",,住所だけ\n"
        "既存株式会社,,新しい住所\n");
  RunResult r = ky("ledger import vendors bad.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "keiyaku: error: bad.csv: row 3: corporate_number: wrong check digit in 法人番号 "
            "'1180301018772' (the first digit should be 9)\n"
            "keiyaku: error: bad.csv: row 4: name: empty\n"
            "keiyaku: error: bad.csv: 2 rows refused, so nothing was written (add 1, update 1, "
            "unchanged 0 planned)\n");
  const auto j = json("vendor list");
  ASSERT_EQ(j["vendors"].size(), 1U);
  EXPECT_EQ(j["vendors"][0]["address"], "");
  const auto h = json("db history");
  EXPECT_EQ(h["history"].size(), 1U);  // only the first add

  // A dry run lists what would happen and writes nothing either.
  write("good.csv", "name,address\n株式会社アルファ,東京都\n既存株式会社,新しい住所\n");
  r = ky("ledger import vendors good.csv --dry-run");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "row 2  add  株式会社アルファ\n"
            "row 3  update  既存株式会社 (address)\n");
  EXPECT_EQ(r.err, "add 1, update 1, unchanged 0 (--dry-run: nothing written)\n");
  EXPECT_EQ(json("vendor list")["vendors"].size(), 1U);
  r = ky("ledger import vendors good.csv");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json("vendor list")["vendors"].size(), 2U);
}

TEST_F(LedgerCli, AMappingNamesOtherHeadings) {
  write("own.csv", "取引先名,電話\n株式会社アルファ,03-0000-0000\n");
  RunResult r = ky("ledger import vendors own.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "keiyaku: error: own.csv: no column '事業者名' for name (another heading: --map "
            "name=HEADING; the headings are on row 1)\n");
  r = ky("ledger import vendors own.csv --map name=取引先名 --map contact=電話");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json("vendor list")["vendors"][0]["contact"], "03-0000-0000");
  r = ky("ledger import vendors own.csv --map nme=取引先名");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--map: nme: no such field"), std::string::npos) << r.err;
}
