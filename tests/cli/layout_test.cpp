// Layouts and parties end to end: documents written here (plain text, and DOCX built in code) are
// scanned, and the clause each verdict cites, the parties and why conditions apply are checked
// exactly (issue 11).
#include "support/temp_dir.hpp"
#include "unit/docx/zip_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <variant>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::TempDir;

namespace {

using Json = nlohmann::json;

std::string write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// A table is its rows of cells; a document is paragraphs and tables in order.
using Table = std::vector<std::vector<std::string>>;
using Part = std::variant<std::string, Table>;

std::string paragraph_xml(const std::string& text) {
  return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

/// A minimal DOCX package with the given body.
std::string make_docx(const std::vector<Part>& parts) {
  std::string body;
  for (const Part& part : parts) {
    if (const auto* text = std::get_if<std::string>(&part)) {
      body += paragraph_xml(*text);
      continue;
    }
    body += "<w:tbl>";
    for (const auto& row : std::get<Table>(part)) {
      body += "<w:tr>";
      for (const std::string& cell : row) {
        body += "<w:tc>" + paragraph_xml(cell) + "</w:tc>";
      }
      body += "</w:tr>";
    }
    body += "</w:tbl>";
  }
  keiyaku::test::ZipWriter zip;
  zip.add("[Content_Types].xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
          "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
          "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
          "<Override PartName=\"/word/document.xml\" "
          "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
          "</Types>");
  zip.add("_rels/.rels",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
          "<Relationship Id=\"rId1\" "
          "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
          "Target=\"word/document.xml\"/></Relationships>");
  zip.add("word/document.xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
          "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
              body + "</w:body></w:document>");
  return zip.finish();
}

struct Scan {
  Json json;
  /// The clause the first evidence of a requirement cites ("" when it has none), and its status.
  std::string clause(const std::string& id) const {
    for (const Json& r : json.at("requirements")) {
      if (r.at("id") == id) {
        return r.at("evidence").empty() ? "" : r.at("evidence")[0].at("clause").get<std::string>();
      }
    }
    return "(absent)";
  }
  std::string status(const std::string& id) const {
    for (const Json& r : json.at("requirements")) {
      if (r.at("id") == id) {
        return r.at("status").get<std::string>();
      }
    }
    return "(absent)";
  }
  std::string party(const char* key) const {
    const Json& p = json.at("parties").at(key);
    return p.is_null() ? "" : p.get<std::string>();
  }
  /// The clause a condition applies by ("title" for the title), or "" when it does not apply.
  std::string because(const char* condition) const {
    const Json& b = json.at("applicability").at(condition);
    if (b.is_null()) {
      return "";
    }
    return b.at("title").get<bool>() ? "title" : b.at("clause").get<std::string>() + " " + b.at("word").get<std::string>();
  }
};

Scan scan(const std::string& path, const std::string& kind) {
  const auto r = run(build_dir() + "/keiyaku --lang en scan --format json --kind " + kind + " " + path);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  return Scan{Json::parse(r.out)};
}

}  // namespace

// 個人情報取扱特記事項 numbering its articles 第1, 第２, 第十 without 条: cited 第1第1項, 第2, 第10.
TEST(CliLayout, SpecialTermsWithBareArticleNumbers) {
  TempDir dir;
  const std::string f = write(dir, "tokki.txt",
                              "個人情報取扱特記事項\n"
                              "この特記事項は、南浦市(以下「委託者」という。)が株式会社カモメ計算(以下「受託者」という。)に委託する業務に適用する。\n"
                              "第1 (秘密の保持)\n"
                              "1 受託者は、この業務で知った個人情報を他人に漏らしてはならない。\n"
                              "2 受託者は、契約が終わった後も、前項の義務を負う。\n"
                              "第２（再委託の禁止）\n"
                              "受託者は、委託者の書面による承諾を得ずに、この業務を第三者に再委託してはならない。\n"
                              "第十 受託者は、個人情報の漏えいが起きたときは、直ちに委託者に報告し、その指示に従わなければならない。\n");
  const Scan s = scan(f, "outsourcing");
  EXPECT_EQ(s.clause("OUT-08"), "第1第1項");
  EXPECT_EQ(s.clause("OUT-09"), "第2");
  EXPECT_EQ(s.clause("OUT-12"), "第10");
  EXPECT_EQ(s.party("body"), "委託者");
  EXPECT_EQ(s.party("vendor"), "受託者");
  EXPECT_EQ(s.party("body_name"), "南浦市");
  EXPECT_EQ(s.party("vendor_name"), "株式会社カモメ計算");
  EXPECT_EQ(s.because("personal_data"), "title");
}

// 利用規約 then プライバシーポリシー: each numbered from 第1条, the second cited under its title;
// the parties are the ones the terms name (弊社, ユーザー).
TEST(CliLayout, TermsOfServiceThenPrivacyPolicy) {
  TempDir dir;
  const std::string f = write(dir, "kiyaku.txt",
                              "メモ共有サービス利用規約\n"
                              "この規約は、株式会社ハルカゼ(以下「弊社」といいます。)が提供するメモ共有サービス(以下「本サービス」といいます。)の利用条件を定めます。\n"
                              "第1条(定義)\n"
                              "本規約において「ユーザー」とは、本サービスの利用を申し込んだ団体をいいます。\n"
                              "第2条(データの保存場所)\n"
                              "1. 弊社は、ユーザーのデータを日本国内のデータセンターにのみ保存します。\n"
                              "プライバシーポリシー\n"
                              "第1条(取得する情報)\n"
                              "弊社は、ユーザーの担当者の氏名及び連絡先を取得します。\n"
                              "第2条(目的外の利用)\n"
                              "1. 弊社は、ユーザーのデータを本サービスの提供以外の目的に利用しません。\n");
  const Scan s = scan(f, "cloud");
  EXPECT_EQ(s.clause("CLD-04"), "第2条第1項");
  EXPECT_EQ(s.clause("CLD-03"), "プライバシーポリシー第2条第1項");
  EXPECT_EQ(s.party("body"), "ユーザー");
  EXPECT_EQ(s.party("vendor"), "弊社");
  EXPECT_EQ(s.party("vendor_name"), "株式会社ハルカゼ");
  EXPECT_EQ(s.because("terms_of_service"), "title");
  EXPECT_EQ(s.because("personal_data"), "") << "the names of the customer's staff are no personal data it hands over";
}

// Unnumbered clauses under headings: cited by heading and paragraph position; the vendor named by
// elimination; an address block makes no personal data.
TEST(CliLayout, UnnumberedClausesUnderHeadings) {
  TempDir dir;
  const std::string f = write(dir, "notes.txt",
                              "資料保管業務の取扱いについて\n"
                              "南浦市(以下「市」という。)と南浦文書センター(以下「センター」という。)は、資料保管業務について次のとおり定める。\n"
                              "(秘密の保持)\n"
                              "センターは、業務の実施に必要な範囲でのみ資料を使う。\n"
                              "センターは、業務で知り得た秘密を他に漏らしてはならない。\n"
                              "【再委託】\n"
                              "センターは、市の書面による承認を得ずに、業務を第三者に再委託してはならない。\n"
                              "住所 南浦市本町二丁目3番4号\n"
                              "氏名 南浦文書センター 代表 南浦一郎\n");
  const Scan s = scan(f, "outsourcing");
  EXPECT_EQ(s.clause("OUT-08"), "(秘密の保持)第2段落");
  EXPECT_EQ(s.clause("OUT-09"), "(再委託)第1段落");
  EXPECT_EQ(s.party("body"), "市");
  EXPECT_EQ(s.party("vendor"), "センター");
  EXPECT_EQ(s.party("vendor_name"), "南浦文書センター");
  EXPECT_EQ(s.because("personal_data"), "");
}

// 契約書, then 別記 特記事項 laid out as a table 「項目 | 内容」, then 別紙 仕様書: three numberings,
// each cited under its own document; a role written before a company's name is no part of it.
TEST(CliLayout, ContractSpecialTermsTableAndSpecificationInOneDocx) {
  TempDir dir;
  const std::string f = write(
      dir, "three.docx",
      make_docx({"窓口案内業務委託契約書",
                 "南浦市(以下「甲」という。)と受託者株式会社ミドリ案内(以下「乙」という。)は、次のとおり契約を締結する。",
                 "第1条(目的) この契約は、甲が乙に市民課窓口での来庁者案内業務(以下「本業務」という。)を委託することについて定める。",
                 "第2条(秘密の保持) 乙は、本業務で知り得た秘密を第三者に漏らしてはならない。",
                 "別記",
                 "情報セキュリティ特記事項",
                 Table{{"項目", "内容"},
                       {"再委託", "乙は、甲の書面による承認を得ずに本業務を第三者に再委託してはならない。"},
                       {"事故の報告", "乙は、情報の漏えいその他の事故が起きたときは、直ちに甲に報告し、甲の指示に従わなければならない。"}},
                 "別紙",
                 "窓口案内業務仕様書",
                 "1. 業務の概要",
                 "(1) 乙は、来庁者を担当課の窓口まで案内すること。",
                 "2. 報告",
                 "(1) 乙は、毎月の案内件数を翌月10日までに甲に書面で報告すること。"}));
  const Scan s = scan(f, "outsourcing");
  EXPECT_EQ(s.clause("OUT-08"), "第2条");
  EXPECT_EQ(s.clause("OUT-09"), "情報セキュリティ特記事項(再委託)");
  EXPECT_EQ(s.clause("OUT-12"), "情報セキュリティ特記事項(事故の報告)");
  EXPECT_EQ(s.clause("OUT-11"), "窓口案内業務仕様書2.(1)");
  EXPECT_EQ(s.party("body"), "甲");
  EXPECT_EQ(s.party("vendor"), "乙");
  EXPECT_EQ(s.party("body_name"), "南浦市");
  EXPECT_EQ(s.party("vendor_name"), "株式会社ミドリ案内");
  EXPECT_EQ(s.because("system_work"), "");
}

// A 特記事項 laid out entirely as a table 「番号 | 項目 | 内容」, and a telegraphic cell
// 「再委託:不可。…」 whose topic heads it.
TEST(CliLayout, SpecialTermsEntirelyInATable) {
  TempDir dir;
  const std::string f = write(
      dir, "table.docx",
      make_docx({"個人情報取扱特記事項",
                 "南浦市(以下「甲」という。)が南浦ソフト株式会社(以下「乙」という。)に委託する業務について、乙は次の事項を守らなければならない。",
                 Table{{"番号", "項目", "内容"},
                       {"1", "秘密の保持", "乙は、業務で知り得た個人情報を他に漏らしてはならない。"},
                       {"2", "事故の報告", "乙は、個人情報の漏えいが起きたときは、直ちに甲に報告しなければならない。"}},
                 Table{{"再委託:乙は、甲の書面による承認を得ずに業務を第三者に再委託してはならない。"}}}));
  const Scan s = scan(f, "outsourcing");
  EXPECT_EQ(s.clause("OUT-08"), "第1");
  EXPECT_EQ(s.clause("OUT-12"), "第2");
  EXPECT_EQ(s.clause("OUT-09"), "(再委託)");
  EXPECT_EQ(s.party("vendor_name"), "南浦ソフト株式会社");
}

// Conditions come from the subject matter: a list of kinds of contract in a definitions article
// makes no system work; the work defined as network maintenance does.
TEST(CliLayout, SystemWorkFromTheSubjectNotFromADefinitionList) {
  TempDir dir;
  const std::string cleaning = write(dir, "cleaning.txt",
                                     "庁舎清掃業務委託契約書\n"
                                     "第1条(目的) この契約は、甲が乙に庁舎の清掃(以下「本業務」という。)を委託することについて定める。\n"
                                     "第2条(定義) この契約において「委託」とは、業務委託、請負、ソフトウェアの開発又はサーバの保守その他名称を問わず、甲の業務を乙に行わせる契約をいう。\n"
                                     "第3条(秘密の保持) 乙は、本業務で知り得た秘密を漏らしてはならない。\n");
  EXPECT_EQ(scan(cleaning, "outsourcing").because("system_work"), "");
  EXPECT_EQ(scan(cleaning, "outsourcing").status("OUT-18"), "not_applicable");
  const std::string network = write(dir, "network.txt",
                                    "庁舎管理業務委託契約書\n"
                                    "第1条(目的) この契約は、甲が乙に庁内ネットワーク機器の保守(以下「本業務」という。)を委託することについて定める。\n"
                                    "第2条(秘密の保持) 乙は、本業務で知り得た秘密を漏らしてはならない。\n");
  EXPECT_EQ(scan(network, "outsourcing").because("system_work"), "第1条 保守");
  EXPECT_NE(scan(network, "outsourcing").status("OUT-18"), "not_applicable");
}

// The text report and --explain say why a conditional requirement applies.
TEST(CliLayout, TextAndExplainSayWhyARequirementApplies) {
  TempDir dir;
  const std::string f = write(dir, "p.txt",
                              "窓口受付業務委託契約書\n"
                              "第1条(目的) この契約は、甲が乙に窓口での申請の受付(以下「本業務」という。)を委託することについて定める。\n"
                              "第2条(個人情報の保護) 乙は、本業務で取り扱う個人情報を適正に管理しなければならない。\n");
  const auto text = run(build_dir() + "/keiyaku --lang en scan " + f);
  EXPECT_NE(text.out.find("applies because: outsourcing ← title [委託] · personal_data ← 第2条 [個人情報]\n"),
            std::string::npos)
      << text.out;
  const auto explain = run(build_dir() + "/keiyaku --lang en scan --kind outsourcing --explain OUT-17 " + f);
  EXPECT_NE(explain.err.find(f + ": OUT-17: personal_data <- 第2条 [個人情報] 乙は、本業務で"),
            std::string::npos)
      << explain.err;
}

// A 組合 commissioning the work, and a 指定管理者 that is a city's contractor.
TEST(CliLayout, BodiesOtherThanCitiesAndADesignatedManager) {
  TempDir dir;
  const std::string union_file = write(dir, "kumiai.txt",
                                       "ごみ処理施設運転業務委託契約書\n"
                                       "南浦地区衛生組合(以下「組合」という。)と株式会社ナギサ運転(以下「受託者」という。)は、次のとおり契約を結ぶ。\n"
                                       "第1条(秘密の保持) 受託者は、業務で知り得た秘密を他に漏らしてはならない。\n"
                                       "第2条(監査) 組合は、受託者の事業所に立ち入り、業務の実施状況を調査することができる。\n");
  const Scan u = scan(union_file, "outsourcing");
  EXPECT_EQ(u.party("body"), "組合");
  EXPECT_EQ(u.party("body_name"), "南浦地区衛生組合");
  EXPECT_EQ(u.party("vendor"), "受託者");
  EXPECT_EQ(u.party("vendor_name"), "株式会社ナギサ運転");
  EXPECT_EQ(u.clause("OUT-08"), "第1条");
  const std::string manager_file = write(dir, "shitei.txt",
                                         "市民プールの管理に関する協定書\n"
                                         "南浦市(以下「市」という。)とあさぎ施設管理株式会社(以下「指定管理者」という。)は、次のとおり協定を結ぶ。\n"
                                         "第1条(秘密の保持) 指定管理者は、管理の業務で知り得た秘密を他に漏らしてはならない。\n");
  const Scan m = scan(manager_file, "outsourcing");
  EXPECT_EQ(m.party("body"), "市");
  EXPECT_EQ(m.party("vendor"), "指定管理者");
  EXPECT_EQ(m.party("vendor_name"), "あさぎ施設管理株式会社");
  EXPECT_EQ(m.clause("OUT-08"), "第1条");
  EXPECT_NE(m.status("OUT-08"), "missing") << "the 指定管理者 is the party bound";
}
