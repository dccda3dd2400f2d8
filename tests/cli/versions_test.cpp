// keiyaku batch meeting new versions of contracts it already holds: the same file with other
// content, or a file with the same title and vendor in the same folder, is compared with the review
// it supersedes and the regressions and risk clauses added are shown (text, JSON, CSV, HTML, XLSX)
// with exit status 1, a new version where nothing got worse shows nothing and exits 0; a file
// renamed unchanged is the same version, and a contract with another title is not linked.
#include "cli/docx_maker.hpp"
#include "support/temp_dir.hpp"
#include "unit/report/zip_read.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
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

// A liability cap (RISK-01), the risk clause a second version adds as its 第4条.
const std::string k_liability_cap = "乙の賠償責任は、通常かつ直接の損害に限るものとする。";
const std::string k_purpose =
    "この契約は、甲が乙に委託する住民情報システムの運用保守業務（以下「本業務」という。）について"
    "必要な事項を定める。";

// A contract titled `title` whose sub-contracting article (第3条) starts with `subcontracting`;
// its second paragraph binds the sub-contractor to the same duties. `more` follows 第3条.
std::string contract_docx(const std::string& title,
                          const std::string& subcontracting,
                          const std::vector<std::string>& more = {},
                          const std::string& purpose = k_purpose) {
  std::vector<std::string> paragraphs = {title,
                                         k_vendor_party,
                                         "（目的）",
                                         "第1条　" + purpose,
                                         "（秘密の保持）",
                                         "第2条　乙は、本業務の履行に当たり知り得た秘密を第三者に"
                                         "漏らしてはならない。本業務の終了後も同様とする。",
                                         "（再委託）",
                                         "第3条　" + subcontracting,
                                         "2　" + k_flow_down};
  paragraphs.insert(paragraphs.end(), more.begin(), more.end());
  return make_contract_docx(paragraphs);
}

// The lines of a CSV file (BOM dropped, CRLF).
std::vector<std::string> csv_lines(const std::string& csv) {
  std::vector<std::string> out;
  size_t at = csv.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (size_t p = csv.find("\r\n", at); p != std::string::npos; p = csv.find("\r\n", at)) {
    out.push_back(csv.substr(at, p - at));
    at = p + 2;
  }
  return out;
}

// The lines of `lines` that contain every one of `parts`.
std::vector<std::string> lines_with(const std::vector<std::string>& lines,
                                    const std::vector<std::string>& parts) {
  std::vector<std::string> out;
  for (const std::string& l : lines) {
    if (std::all_of(parts.begin(), parts.end(),
                    [&](const std::string& p) { return l.find(p) != std::string::npos; })) {
      out.push_back(l);
    }
  }
  return out;
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

// The second version weakens 第3条 (承諾 → 通知) and adds a liability cap (RISK-01, which also
// contradicts OUT-15) as 第4条: the batch's CSV names them (the matrix counts them beside the
// previous version's file, the long form has a "version" line for each), and so do its text summary
// and `keiyaku report`; exit 1.
TEST_F(BatchVersions, AWeakenedClauseAndAnAddedRiskClauseAreNamedInTheCsvAndTheText) {
  const std::string path = m_dir.file("docs/委託契約.docx");
  write(path,
        contract_docx("業務委託契約書", k_notice, {"（損害賠償）", "第4条　" + k_liability_cap}));
  const std::string csv = m_dir.file("batch.csv");
  const Batch second = batch(m_dir, "--format csv -o " + csv);
  EXPECT_EQ(second.exit_code, 1) << second.err;

  // The summary (on stderr beside a report): the requirement and the risk clause under the file.
  EXPECT_NE(second.err.find("new versions of contracts held 1 · of which got worse 1"),
            std::string::npos)
      << second.err;
  const std::string listed =
      "new versions that got worse:\n  " + path + " (previous version: " + path + ")\n";
  ASSERT_NE(second.err.find(listed), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("satisfied → weak  第3条 → 第3条"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("    RISK-01  + risk clause added: "), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("第4条「" + k_liability_cap + "」"), std::string::npos) << second.err;

  const auto matrix = csv_lines(slurp(csv));
  ASSERT_EQ(matrix.size(), 2U) << slurp(csv);
  EXPECT_NE(matrix[0].find(
                ",file risks,previous version,requirements worse than before,risk clauses added,"),
            std::string::npos)
      << matrix[0];
  // Two requirements worse: OUT-09, and OUT-15 (damages), which the cap contradicts.
  EXPECT_NE(matrix[1].find("," + path + ",2,1,"), std::string::npos) << matrix[1];

  const auto findings = csv_lines(slurp(m_dir.file("batch-findings.csv")));
  const auto regression = lines_with(findings, {",OUT-09,", ",version,", "satisfied → weak"});
  ASSERT_EQ(regression.size(), 1U) << slurp(m_dir.file("batch-findings.csv"));
  EXPECT_NE(regression[0].find(k_notice), std::string::npos) << regression[0];
  EXPECT_NE(regression[0].find("previous version: " + path + " (clause before: 第3条「" +
                               k_consent + "」)"),
            std::string::npos)
      << regression[0];
  const auto risk = lines_with(findings, {",RISK-01,", ",version,", ",risk clause added,第4条,"});
  ASSERT_EQ(risk.size(), 1U) << slurp(m_dir.file("batch-findings.csv"));
  EXPECT_NE(risk[0].find(k_liability_cap), std::string::npos) << risk[0];
  EXPECT_EQ(lines_with(findings, {",OUT-15,", ",version,", "→ contradicted,第4条,"}).size(), 1U);
  EXPECT_EQ(lines_with(findings, {",version,"}).size(), 3U);

  // `keiyaku report` shows the latest review of each contract: this one is still worse than before.
  const auto text = run(bin() + " report --db " + m_dir.file("k.db"));
  EXPECT_EQ(text.exit_code, 0) << text.err;
  ASSERT_NE(text.out.find(listed), std::string::npos) << text.out;
  const std::string after = text.out.substr(text.out.find(listed));
  EXPECT_NE(after.find("    OUT-09   "), std::string::npos) << text.out;
  EXPECT_NE(after.find("satisfied → weak  第3条 → 第3条"), std::string::npos) << text.out;
  EXPECT_NE(after.find("    RISK-01  + risk clause added: "), std::string::npos) << text.out;

  // The HTML and XLSX reports made from the registry list the risk clause beside the regressions.
  const std::string html = m_dir.file("all.html");
  ASSERT_EQ(run(bin() + " report --db " + m_dir.file("k.db") + " -o " + html).exit_code, 0);
  const std::string page = slurp(html);
  const size_t at = page.find("<ul class=\"risk-changes\">");
  ASSERT_NE(at, std::string::npos) << page;
  EXPECT_NE(page.find("risk clause added: RISK-01 ", at), std::string::npos) << page;
  EXPECT_NE(page.find("<b>第4条</b> 「" + k_liability_cap + "」", at), std::string::npos) << page;
  const std::string xlsx = m_dir.file("all.xlsx");
  ASSERT_EQ(run(bin() + " report --db " + m_dir.file("k.db") + " -o " + xlsx).exit_code, 0);
  const auto entries = keiyaku::test::read_zip(slurp(xlsx));
  ASSERT_TRUE(entries.count("xl/sharedStrings.xml"));
  EXPECT_NE(entries.at("xl/sharedStrings.xml").data.find("risk clause added"), std::string::npos);

  // JSON has both too, as `keiyaku diff --format json` lists risk clauses.
  write(path,
        contract_docx("業務委託契約書", k_consent,
                      {"（協議）", "第4条　この契約に定めのない事項は、甲乙協議して定める。"}));
  const Batch back = batch(m_dir, "--format json");
  EXPECT_EQ(back.exit_code, 0) << back.err;  // 通知 → 承諾 again and the cap taken out: better
  const Json j = Json::parse(back.out);
  const Json& c = contract_named(j, "委託契約.docx");
  ASSERT_TRUE(c.contains("previous_version")) << back.out;
  const Json& p = c.at("previous_version");
  EXPECT_EQ(p.at("regressions").size(), 0U) << p.dump(2);
  ASSERT_EQ(p.at("risks").size(), 1U) << p.dump(2);
  EXPECT_EQ(p.at("risks").at(0).at("id"), "RISK-01");
  EXPECT_EQ(p.at("risks").at(0).at("change"), "removed");
  EXPECT_EQ(p.at("risks").at(0).at("clause"), "第4条");
  EXPECT_EQ(p.at("worse"), false);
}

// A second version that only rewords its purpose (第1条): a new version, but nothing got worse, so
// the CSV counts nothing and has no "version" line, neither text output lists it, and exit 0.
TEST_F(BatchVersions, ANewVersionWhereNothingGotWorseReportsNothing) {
  const std::string path = m_dir.file("docs/委託契約.docx");
  write(path, contract_docx("業務委託契約書", k_consent, {},
                            "この契約は、甲が乙に委託する住民情報システム及びその関連機器の運用保守"
                            "業務（以下「本業務」という。）"
                            "について必要な事項を定める。"));
  const std::string csv = m_dir.file("batch.csv");
  const Batch second = batch(m_dir, "--format csv -o " + csv);
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("new versions of contracts held 1 · of which got worse 0"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(second.err.find("got worse:"), std::string::npos) << second.err;

  const auto matrix = csv_lines(slurp(csv));
  ASSERT_EQ(matrix.size(), 2U);
  EXPECT_NE(matrix[1].find("," + path + ",0,0,"), std::string::npos) << matrix[1];
  const auto findings = csv_lines(slurp(m_dir.file("batch-findings.csv")));
  EXPECT_GT(findings.size(), 1U);
  EXPECT_TRUE(lines_with(findings, {",version,"}).empty())
      << slurp(m_dir.file("batch-findings.csv"));

  const auto text = run(bin() + " report --db " + m_dir.file("k.db"));
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("業務委託契約書"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("got worse"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("RISK-"), std::string::npos) << text.out;
}
