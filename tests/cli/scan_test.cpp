// keiyaku scan and keiyaku requirements end to end, on the sample contracts and small texts.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace {

std::string bin() { return build_dir() + "/keiyaku --lang en"; }
std::string sample(const std::string& name) { return source_dir() + "/samples/" + name; }

std::map<std::string, nlohmann::json> by_id(const nlohmann::json& j) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& r : j.at("requirements")) {
    out[r.at("id").get<std::string>()] = r;
  }
  return out;
}

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

}  // namespace

TEST(CliScan, JsonFollowsTheSpecAndCitesClauses) {
  const auto r = run(bin() + " scan --format json --kind outsourcing --tier mynumber " +
                     sample("outsourcing-tokki.docx"));
  ASSERT_EQ(r.exit_code, 1) << r.err;  // the sample has missing must-requirements
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"file", "sha256", "kinds", "parties", "document", "file_risks", "requirements",
                          "risks", "summary"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["parties"]["body"], "甲");
  EXPECT_EQ(j["parties"]["vendor"], "乙");
  EXPECT_EQ(j["sha256"].get<std::string>().size(), 64U);
  const auto req = by_id(j);
  // samples/README.md: what the sample is written to contain
  EXPECT_EQ(req.at("OUT-09")["status"], "weak");          // notice instead of approval (tracked change)
  EXPECT_EQ(req.at("OUT-07")["status"], "contradicted");  // data reused for service improvement
  EXPECT_EQ(req.at("OUT-14")["status"], "missing");
  EXPECT_EQ(req.at("OUT-08")["status"], "satisfied");
  const auto& ev = req.at("OUT-08")["evidence"][0];
  EXPECT_FALSE(ev["clause"].get<std::string>().empty());
  EXPECT_GE(ev["paragraph"].get<int>(), 0);
  EXPECT_NE(ev["text"].get<std::string>().find("乙"), std::string::npos);
  EXPECT_FALSE(req.at("OUT-14")["suggestion"].get<std::string>().empty());
  EXPECT_TRUE(req.at("OUT-14")["evidence"].empty());
  EXPECT_EQ(j["summary"]["missing"].get<int>() > 0, true);
}

TEST(CliScan, ActorDecides) {
  TempDir dir;
  const std::string head = "業務委託契約書\n北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)は、次のとおり契約する。\n";
  const auto vendor = run(bin() + " scan --format json --kind outsourcing " +
                          write(dir, "v.txt", head + "第1条 乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。この契約の終了後も同様とする。\n"));
  const auto body = run(bin() + " scan --format json --kind outsourcing " +
                        write(dir, "b.txt", head + "第1条 甲は、本業務に関して知り得た秘密を第三者に漏らしてはならない。\n"));
  EXPECT_EQ(by_id(nlohmann::json::parse(vendor.out)).at("OUT-08")["status"], "satisfied");
  EXPECT_EQ(by_id(nlohmann::json::parse(body.out)).at("OUT-08")["status"], "missing");
}

TEST(CliScan, ExceptionControllerDecides) {
  TempDir dir;
  const std::string head = "業務委託契約書\n北浜市(以下「発注者」という。)と株式会社港(以下「受注者」という。)は、次のとおり契約する。\n";
  auto status = [&](const std::string& name, const std::string& clause) {
    const auto r = run(bin() + " scan --format json --kind outsourcing " + write(dir, name, head + clause));
    return by_id(nlohmann::json::parse(r.out)).at("OUT-09")["status"].get<std::string>();
  };
  // (The second paragraph gives the flow-down the requirement also asks for.)
  const std::string flow = "2 受注者は、再委託先に本契約と同等の義務を負わせなければならない。\n";
  EXPECT_EQ(status("a.txt", "第5条 受注者は、本業務を第三者に委託してはならない。ただし、あらかじめ発注者の書面による承諾を得た場合は、この限りでない。\n" + flow),
            "satisfied");
  EXPECT_EQ(status("b.txt", "第5条 受注者は、本業務を第三者に委託してはならない。ただし、受注者が必要と判断した場合は、この限りでない。\n" + flow),
            "weak");
  EXPECT_EQ(status("c.txt", "第5条 受注者は、本業務の一部を第三者に委託することができる。\n"), "contradicted");
}

// Constructions read by the analysis, each with a near variant that must read otherwise.
const char* const k_contract_head =
    "業務委託契約書\n北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)は、次のとおり契約する。\n";

std::string status_in(const TempDir& dir, const std::string& name, const std::string& article, const char* id,
                      const std::string& head = k_contract_head) {
  const auto r = run(bin() + " scan --format json --kind outsourcing " + write(dir, name, head + article));
  return by_id(nlohmann::json::parse(r.out)).at(id)["status"].get<std::string>();
}

// A ban whose object is a contradicting phrase (「共用のアカウントを使用しない」) keeps the rule, and a
// paragraph that refers back to it (「前各項に定める範囲を超えて…」) is not contradicted by its words.
TEST(CliScan, ANegatedContradictingPhraseAndAReferenceBackKeepTheRule) {
  TempDir dir;
  EXPECT_EQ(status_in(dir, "a.txt",
                      "第3条 乙は、作業者ごとに発行したアカウントのみを使用し、共用のアカウントを使用しない。\n"
                      "2 乙は、甲が指定した範囲を超えて甲の情報資産にアクセスしない。\n"
                      "3 乙は、前各項に定める範囲を超えて甲の情報にアクセスしない。\n",
                      "OUT-05"),
            "satisfied");
  EXPECT_NE(status_in(dir, "b.txt", "第3条 乙は、共用のアカウントを使用することができる。\n", "OUT-05"), "satisfied");
  // 「共用させず」 (a causative suffix before the negation) rules sharing out; 「なければならない」 negates nothing.
  EXPECT_EQ(status_in(dir, "c.txt",
                      "(閲覧等の範囲)\n第3条 乙は、甲が指定した範囲を超えて甲の情報資産を閲覧してはならない。\n"
                      "2 乙は、識別符号を複数の者に共用させず、パスワードを定期に改めなければならない。\n",
                      "OUT-05"),
            "satisfied");
}

// 「…監督し、甲から講習への参加を求められたときは、…受講させなければならない」: the duty before the
// request holds without it; training only on request stays weak.
TEST(CliScan, ADutyBeforeARequestStandsOnItsOwn) {
  TempDir dir;
  EXPECT_EQ(status_in(dir, "a.txt",
                      "第4条 乙は、本業務の従事者を監督し、甲が実施する情報セキュリティ講習への参加を求められたときは、"
                      "従事者にこれを受講させなければならない。\n",
                      "OUT-06"),
            "satisfied");
  EXPECT_EQ(status_in(dir, "b.txt", "第4条 乙は、甲から求められたときは、従事者に情報セキュリティの講習を受けさせなければならない。\n",
                      "OUT-06"),
            "weak");
}

// Not objecting to an inspection accepts it; being free to refuse it contradicts the right.
TEST(CliScan, NotObjectingAcceptsAndMayRefuseContradicts) {
  TempDir dir;
  const std::string right = "第5条 甲は、必要があると認めるときは、乙の作業場所に立ち入り、情報の管理状況を調査し、改善を指示することができる。\n";
  EXPECT_EQ(status_in(dir, "a.txt", right + "2 乙は、甲が前項の調査を行うことに異議を述べない。\n", "OUT-13"), "satisfied");
  EXPECT_EQ(status_in(dir, "b.txt", right + "2 乙は、甲が前項の調査を行うことを拒むことができる。\n", "OUT-13"), "contradicted");
}

// Items numbered under a 仕様書 section whose text introduces them are read with it: 「3　…次の事項を
// 記載した書面を本市へ提出すること。」 then 「(1) …」, each item cited 3.(1) and a unit of its own.
TEST(CliScan, ItemsNumberedUnderALeadInSectionAreItsItems) {
  TempDir dir;
  const std::string head = "業務委託仕様書\n北浜市(以下「本市」という。)が委託する業務について定める。\n";
  EXPECT_EQ(status_in(dir, "a.txt",
                      "3　受注者は、契約締結に当たり、次の事項を記載した書面を本市へ提出すること。\n"
                      "(1) 受注者の資本関係及び役員\n(2) 本業務に携わる者の国籍\n",
                      "OUT-16", head),
            "satisfied");
  EXPECT_EQ(status_in(dir, "b.txt",
                      "3　受注者は、契約締結に当たり、業務計画書を本市へ提出すること。\n4　資本関係\n(1) 受注者の資本関係及び役員\n",
                      "OUT-16", head),
            "missing");  // an item no lead-in introduces binds nobody
}

// A sentence that follows what the one before it shows takes its matter: the policy shown, then 「示
// された中身に従って」.
TEST(CliScan, FollowingWhatTheSentenceBeforeShowsTakesItsMatter) {
  TempDir dir;
  const std::string shown = "第2条 甲は、情報セキュリティポリシーのうち本業務に関係する部分を乙に示す。";
  EXPECT_EQ(status_in(dir, "a.txt", shown + "乙は、示された中身に従って本業務を行う。\n", "OUT-02"), "satisfied");
  EXPECT_NE(status_in(dir, "b.txt", shown + "乙は、本業務を誠実に行う。\n", "OUT-02"), "satisfied");
}

// Plain-language provisions: a party joined to its people in words of the contract's own (「乙とこの
// 業務で働く人は」), a negation of coordinated acts (「明かしたり漏らしたりしません」), and the vendor as the
// subject of a condition standing for the subject of the sentence.
TEST(CliScan, PlainLanguagePartiesAndNegationsAreRead) {
  TempDir dir;
  EXPECT_EQ(status_in(dir, "a.txt",
                      "第5条 乙とこの業務で働く人は、この業務で知った情報を、ほかに明かしたり漏らしたりしません。"
                      "この約束は、業務が終わった後も続きます。\n",
                      "OUT-08"),
            "satisfied");
  EXPECT_EQ(status_in(dir, "b.txt",
                      "第5条 乙とこの業務で働く人は、この業務で知った情報を、ほかに明かしたり漏らしたりします。\n", "OUT-08"),
            "missing");
  EXPECT_EQ(status_in(dir, "c.txt",
                      "第6条 乙がこの業務をほかの会社に任せたいときは、前もって書面で甲に申し込み、甲の承認を受けます。"
                      "任せた会社にも、この契約と同じ義務を負わせます。\n",
                      "OUT-09"),
            "satisfied");
}

TEST(CliScan, FailOnDecidesTheExitCode) {
  const std::string f = sample("outsourcing-tokki.docx");
  EXPECT_EQ(run(bin() + " scan --kind outsourcing --fail-on never " + f).exit_code, 0);
  EXPECT_EQ(run(bin() + " scan --kind outsourcing --fail-on missing " + f).exit_code, 1);
  EXPECT_EQ(run(bin() + " scan --kind outsourcing --fail-on contradicted " + f).exit_code, 1);
}

TEST(CliScan, SeveralFilesGiveAnArrayAndABadOneExits2) {
  TempDir dir;
  const std::string bad = write(dir, "broken.docx", "this is not a zip archive at all");
  const auto r = run(bin() + " scan --format json --fail-on never " + sample("cloud-service.docx") + " " + bad +
                     " " + sample("sns-operation-spec.docx"));
  EXPECT_EQ(r.exit_code, 2);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j.size(), 2U);
  EXPECT_NE(r.err.find("broken.docx"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(CliScan, AutoKindClassifiesTheSamples) {
  const auto cloud = nlohmann::json::parse(run(bin() + " scan --format json " + sample("cloud-service.docx")).out);
  const auto sns = nlohmann::json::parse(run(bin() + " scan --format json " + sample("sns-operation-spec.docx")).out);
  const auto kinds = [](const nlohmann::json& j) { return j["kinds"].get<std::vector<std::string>>(); };
  EXPECT_EQ(kinds(cloud), (std::vector<std::string>{"outsourcing", "cloud"}));
  EXPECT_EQ(kinds(sns), (std::vector<std::string>{"outsourcing", "sns"}));
}

TEST(CliScan, ConditionalRequirementsAreNotApplicableWhenNotTriggered) {
  TempDir dir;
  const auto r = run(bin() + " scan --format json --kind outsourcing " +
                     write(dir, "p.txt", "清掃業務委託契約書\n第1条 乙は、庁舎の清掃を行う。\n"));
  const auto req = by_id(nlohmann::json::parse(r.out));
  EXPECT_EQ(req.at("OUT-17")["status"], "not_applicable");  // no personal information
  EXPECT_EQ(req.at("OUT-01")["status"], "missing");
}

TEST(CliScan, TextReportInJapaneseAndEnglish) {
  const std::string f = sample("outsourcing-tokki.docx");
  const auto en = run(build_dir() + "/keiyaku --lang en scan --kind outsourcing " + f);
  EXPECT_NE(en.out.find("summary:"), std::string::npos);
  EXPECT_NE(en.out.find("OUT-09"), std::string::npos);
  EXPECT_NE(en.out.find("suggested clause"), std::string::npos);
  EXPECT_EQ(en.out.find("\x1b["), std::string::npos);  // no colour when not a terminal
  const auto ja = run(build_dir() + "/keiyaku --lang ja scan --kind outsourcing " + f);
  EXPECT_NE(ja.out.find("結果"), std::string::npos);
  EXPECT_NE(ja.out.find("追加・修正案"), std::string::npos);
}

TEST(CliScan, OutputFileAndExplain) {
  TempDir dir;
  const std::string out = dir.file("r.json");
  const auto r = run(bin() + " scan --format json --kind outsourcing --explain OUT-09 -o " + out + " " +
                     sample("outsourcing-tokki.docx"));
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("actor=vendor"), std::string::npos) << r.err;  // the trace of OUT-09
  std::ifstream in(out);
  EXPECT_TRUE(nlohmann::json::parse(in).is_object());
}

TEST(CliRequirements, LintProvesEveryExample) {
  const auto r = run(bin() + " requirements lint");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(" passed, 0 failed"), std::string::npos) << r.out;
}

TEST(CliRequirements, ListShowAndUnknownId) {
  const auto list = run(bin() + " requirements list --format json");
  ASSERT_EQ(list.exit_code, 0);
  const auto j = nlohmann::json::parse(list.out);
  EXPECT_EQ(j.size(), 58U);  // OUT 19 + CLD 12 + SNS 8 + TIER 4 + RISK 15
  const auto show = run(bin() + " requirements show OUT-09");
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_NE(show.out.find("再委託"), std::string::npos);
  const auto bad = run(bin() + " requirements show OUT-9");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean OUT-09"), std::string::npos) << bad.err;
}

TEST(CliRequirements, ABrokenRequirementFileIsRefusedWithItsLocation) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("outsourcing"));
  write(dir, "outsourcing/OUT-99-test.toml",
        "id = \"OUT-99\"\ntitle = \"t\"\nseverity = \"must\"\nkind = \"duty\"\ntopc = [[\"x\"]]\n");
  const auto r = run(bin() + " requirements --dir " + dir.path() + " list");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("OUT-99-test.toml:5:1: unknown key 'topc' (did you mean 'topic'?)"), std::string::npos)
      << r.err;
}
