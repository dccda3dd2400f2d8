// keiyaku batch meeting new versions of contracts it already holds: the same file with other
// content, or a file with the same title and vendor in the same folder, is compared with the review
// it supersedes and the regressions are shown (text, JSON, HTML, XLSX) with exit status 1; a file
// renamed unchanged is the same version, and a contract with another title is not linked.
#include "cli/docx_maker.hpp"
#include "support/temp_dir.hpp"
#include "unit/report/zip_read.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using keiyaku::test::build_dir;
using keiyaku::test::make_contract_docx;
using keiyaku::test::run;
using keiyaku::test::TempDir;
namespace fs = std::filesystem;

namespace {

using Json = nlohmann::json;

std::string bin() { return build_dir() + "/keiyaku --lang en"; }

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

const std::string k_vendor_party =
    "若葉野市（以下「甲」という。）と株式会社ミナモ情報システム（以下「乙」という。）は、住民情報システム運用保守業務に"
    "ついて、次のとおり委託契約を締結する。";
const std::string k_consent =
    "乙は、本業務の一部を第三者に委託しようとするときは、あらかじめ甲の書面による承諾を得なければならない。";
const std::string k_notice =
    "乙は、本業務の一部を第三者に委託しようとするときは、あらかじめ甲に書面により通知しなければならない。";
const std::string k_flow_down =
    "乙は、本業務の一部を第三者に委託するときは、当該第三者に対し、この契約により乙が負う義務と同等の義務を負わせる"
    "とともに、当該第三者の行為について甲に対し全ての責任を負うものとする。";

// A contract titled `title` whose sub-contracting article (第3条) starts with `subcontracting`;
// its second paragraph binds the sub-contractor to the same duties.
std::string contract_docx(const std::string& title, const std::string& subcontracting) {
  return make_contract_docx({title, k_vendor_party, "（目的）",
                             "第1条　この契約は、甲が乙に委託する住民情報システムの運用保守業務（以下「本業務」という。）に"
                             "ついて必要な事項を定める。",
                             "（秘密の保持）",
                             "第2条　乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様とする。",
                             "（再委託）", "第3条　" + subcontracting, "2　" + k_flow_down});
}

void write(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

struct Batch {
  int exit_code = 0;
  std::string out;
  std::string err;
};

Batch batch(const TempDir& dir, const std::string& extra = "") {
  const auto r = run(bin() + " batch " + dir.file("docs") + " --db " + dir.file("k.db") + " --kind outsourcing " + extra);
  return {r.exit_code, r.out, r.err};
}

// The contract of this batch's JSON summary whose path ends in `name`.
const Json& contract_named(const Json& summary, const std::string& name) {
  for (const Json& c : summary.at("contracts")) {
    if (fs::path(c.at("path").get<std::string>()).filename() == name) {
      return c;
    }
  }
  static const Json none;
  return none;
}

class BatchVersions : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(m_dir.file("docs"));
    write(m_dir.file("docs/委託契約.docx"), contract_docx("業務委託契約書", k_consent));
    const Batch first = batch(m_dir, "--format json");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const Json j = Json::parse(first.out);
    ASSERT_EQ(j.at("new_versions"), 0);
    const Json& c = contract_named(j, "委託契約.docx");
    ASSERT_FALSE(c.contains("previous_version"));
  }

  TempDir m_dir;
};

}  // namespace

// The file edited in place (承諾 → 通知 in 第3条): OUT-09 goes from satisfied to weak, and every
// output names the requirement, both verdicts and the clause on each side; exit status 1.
TEST_F(BatchVersions, AnEditedContractShowsItsRegressionWithBothClauses) {
  write(m_dir.file("docs/委託契約.docx"), contract_docx("業務委託契約書", k_notice));
  const Batch second = batch(m_dir);
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  EXPECT_NE(second.out.find("new versions of contracts held 1 · of which got worse 1"), std::string::npos)
      << second.out;
  EXPECT_NE(second.out.find("new versions that got worse:\n  " + m_dir.file("docs/委託契約.docx") +
                            " (previous version: " + m_dir.file("docs/委託契約.docx") + ")\n"),
            std::string::npos)
      << second.out;
  EXPECT_NE(second.out.find("    OUT-09   "), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("satisfied → weak  第3条 → 第3条"), std::string::npos) << second.out;

  // The registry keeps the link: a later batch shows it in the reports it writes from the registry,
  // but its own summary has no new version and it exits 0.
  const std::string html = m_dir.file("batch.html");
  const Batch third = batch(m_dir, "--format html -o " + html);
  EXPECT_EQ(third.exit_code, 0) << third.err;
  const std::string page = slurp(html);
  const size_t at = page.find("Since the previous version");
  ASSERT_NE(at, std::string::npos) << page;
  const std::string section = page.substr(at, page.find("</table>", at) - at);
  EXPECT_NE(section.find("OUT-09"), std::string::npos) << section;
  EXPECT_NE(section.find("第3条</b> 「" + k_consent + "」"), std::string::npos) << section;
  EXPECT_NE(section.find("第3条</b> 「" + k_notice + "」"), std::string::npos) << section;
  EXPECT_LT(section.find(k_consent), section.find(k_notice)) << section;
  EXPECT_LT(section.find(">satisfied<"), section.find(">weak<")) << section;

  const std::string xlsx = m_dir.file("batch.xlsx");
  ASSERT_EQ(batch(m_dir, "--format xlsx -o " + xlsx).exit_code, 0);
  const auto entries = keiyaku::test::read_zip(slurp(xlsx));
  ASSERT_TRUE(entries.count("xl/workbook.xml"));
  EXPECT_NE(entries.at("xl/workbook.xml").data.find("Worse than before"), std::string::npos);
  ASSERT_TRUE(entries.count("xl/sharedStrings.xml"));
  const std::string& strings = entries.at("xl/sharedStrings.xml").data;
  EXPECT_NE(strings.find(k_consent), std::string::npos);
  EXPECT_NE(strings.find(k_notice), std::string::npos);

  const auto verify = run(build_dir() + "/keiyaku --lang en db verify --db " + m_dir.file("k.db"));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(BatchVersions, TheJsonSummaryCarriesTheSupersededReviewAndEachRegression) {
  write(m_dir.file("docs/委託契約.docx"), contract_docx("業務委託契約書", k_notice));
  const Batch second = batch(m_dir, "--format json");
  EXPECT_EQ(second.exit_code, 1) << second.err;
  const Json j = Json::parse(second.out);
  EXPECT_EQ(j.at("new_versions"), 1);
  EXPECT_EQ(j.at("regressed"), 1);
  const Json& p = contract_named(j, "委託契約.docx").at("previous_version");
  EXPECT_EQ(p.at("path"), m_dir.file("docs/委託契約.docx"));
  ASSERT_EQ(p.at("regressions").size(), 1U) << p.dump(2);
  const Json& g = p.at("regressions").at(0);
  EXPECT_EQ(g.at("id"), "OUT-09");
  EXPECT_EQ(g.at("before").at("status"), "satisfied");
  EXPECT_EQ(g.at("before").at("clause"), "第3条");
  EXPECT_EQ(g.at("before").at("text"), k_consent);
  EXPECT_EQ(g.at("after").at("status"), "weak");
  EXPECT_EQ(g.at("after").at("clause"), "第3条");
  EXPECT_EQ(g.at("after").at("text"), k_notice);
}

// Renamed without a change: the same version (same content), no comparison, exit 0.
TEST_F(BatchVersions, ARenamedUnchangedFileIsNotANewVersion) {
  fs::rename(m_dir.file("docs/委託契約.docx"), m_dir.file("docs/委託契約-2026.docx"));
  const Batch second = batch(m_dir, "--format json");
  EXPECT_EQ(second.exit_code, 0) << second.err;
  const Json j = Json::parse(second.out);
  EXPECT_EQ(j.at("new_versions"), 0);
  const Json& c = contract_named(j, "委託契約-2026.docx");
  EXPECT_EQ(c.at("outcome"), "unchanged");
  EXPECT_FALSE(c.contains("previous_version"));
}

// Beside the first version: a file with its title and vendor is its new version; a contract of the
// same vendor with another title is not linked to it.
TEST_F(BatchVersions, TheSameTitleAndVendorInTheFolderIsANewVersionAndAnotherTitleIsNot) {
  write(m_dir.file("docs/委託契約-修正.docx"), contract_docx("業務委託契約書", k_notice));
  write(m_dir.file("docs/保守契約.docx"), contract_docx("機器保守業務委託契約書", k_notice));
  const Batch second = batch(m_dir, "--format json");
  EXPECT_EQ(second.exit_code, 1) << second.err;
  const Json j = Json::parse(second.out);
  EXPECT_EQ(j.at("new_versions"), 1);
  const Json& other = contract_named(j, "保守契約.docx");
  EXPECT_EQ(other.at("outcome"), "reviewed");
  EXPECT_FALSE(other.contains("previous_version")) << other.dump(2);
  const Json& edited = contract_named(j, "委託契約-修正.docx");
  ASSERT_TRUE(edited.contains("previous_version")) << edited.dump(2);
  EXPECT_EQ(edited.at("previous_version").at("path"), m_dir.file("docs/委託契約.docx"));
  EXPECT_EQ(edited.at("previous_version").at("regressions").at(0).at("id"), "OUT-09");
  // The first version stays a contract of its own (its file is still there).
  EXPECT_NE(edited.at("contract"), contract_named(j, "委託契約.docx").at("contract"));
}
