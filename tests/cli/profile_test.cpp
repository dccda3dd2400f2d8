// keiyaku profile list|show|derive and scan --profile end to end: derive on the five seed policies
// (../shared/seeds) and on policies written for the tests (tests/data/policies, one as a DOCX),
// and what each profile does to a scan.
#include "support/temp_dir.hpp"
#include "unit/docx/zip_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;
using nlohmann::json;

namespace {

std::string bin() { return build_dir() + "/keiyaku --lang en"; }
std::string bin_ja() { return build_dir() + "/keiyaku --lang ja"; }
std::string seeds() { return source_dir() + "/../shared/seeds/"; }
std::string policies() { return source_dir() + "/tests/data/policies/"; }

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::map<std::string, json> by_id(const json& j) {
  std::map<std::string, json> out;
  for (const auto& r : j.at("requirements")) {
    out[r.at("id").get<std::string>()] = r;
  }
  return out;
}

bool has_basis(const json& requirement, const std::string& citation) {
  for (const auto& b : requirement.at("basis")) {
    if (b.get<std::string>() == citation) {
      return true;
    }
  }
  return false;
}

// family → article ("-" when absent), and the three-tier article.
std::map<std::string, std::string> articles(const json& j) {
  std::map<std::string, std::string> out;
  for (const char* f : {"outsourcing", "cloud", "sns"}) {
    out[f] = j.at("families").contains(f) ? j["families"][f]["article"].get<std::string>() : "-";
  }
  out["three_tier"] = j.at("three_tier").is_null() ? "-" : j["three_tier"]["article"].get<std::string>();
  return out;
}

std::map<std::string, std::string> expect(const char* out, const char* cloud, const char* sns, const char* tier) {
  return {{"outsourcing", out}, {"cloud", cloud}, {"sns", sns}, {"three_tier", tier}};
}

const char* k_contract =
    "業務委託契約書\n"
    "北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)は、次のとおり契約する。\n"
    "第1条 乙は、本業務の全部又は一部を第三者に再委託することができる。\n"
    "第2条 乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。この契約の終了後も同様とする。\n";

}  // namespace

TEST(CliProfileDerive, TheFiveSeedsGiveTheFamiliesAndArticlesOfTheirTable) {
  struct Seed {
    const char* file;
    const char* body;
    std::map<std::string, std::string> articles;
    bool binds;
    json protected_data;
  };
  const std::vector<Seed> table = {
      {"000_f28d20ab9f331675.txt", "木更津市議会", expect("第6条(8)", "第6条(9)", "第6条(10)", "第6条(3)"), false, "住民情報"},
      {"001_5766f56c88714a9a.txt", "南陽市", expect("7(8)ア", "7(8)イ", "-", "7(3)"), true, "住民情報"},
      {"002_eee3d3a575952203.txt", "土浦市", expect("6(8)", "6(8)", "6(8)", "6(3)"), false, "住民情報"},
      {"003_d0fc1ef65fd281ff.txt", "熊本市議会", expect("-", "6(7)", "-", "-"), false, nullptr},
      {"004_fa25c78c324100d4.txt", "山武郡市広域水道企業団", expect("6(8)", "6(8)", "6(8)", "6(3)"), false, "契約者情報"},
  };
  for (const Seed& s : table) {
    if (!std::filesystem::exists(seeds() + s.file)) {
      GTEST_SKIP() << "seed policies not available: " << seeds();
    }
    const auto r = run(bin() + " profile derive --format json " + seeds() + s.file);
    ASSERT_EQ(r.exit_code, 0) << s.file << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["body"], s.body) << s.file;
    EXPECT_EQ(articles(j), s.articles) << s.file;
    EXPECT_EQ(j["binds_contractors"], s.binds) << s.file;
    EXPECT_EQ(j["protected_data"], s.protected_data) << s.file;
    for (const auto& [family, f] : j["families"].items()) {
      EXPECT_FALSE(f["sentence"].get<std::string>().empty()) << s.file << " " << family;
    }
  }
}

TEST(CliProfileDerive, TextSaysWhatWasFoundAndFromWhichSentence) {
  if (!std::filesystem::exists(seeds() + "003_d0fc1ef65fd281ff.txt")) {
    GTEST_SKIP() << "seed policies not available";
  }
  const auto r = run(bin_ja() + " profile derive " + seeds() + "003_d0fc1ef65fd281ff.txt");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("熊本市議会 「熊本市議会情報セキュリティ基本方針」"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("業務委託 (outsourcing): なし — 方針上の要求なし"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("外部サービス (cloud): 6(7)（行 102） 必要に応じて"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("「外部サービス(クラウドサービスを含む。)を利用する場合には、必要に応じて利用に係る規定を整備し対策を講じる。」"),
            std::string::npos)
      << r.out;
}

TEST(CliProfileDerive, WritesAProfileThatScanUses) {
  TempDir dir;
  const std::string out = dir.file("sakura.toml");
  const auto d = run(bin() + " profile derive " + policies() + "sakura-gikai.md -o " + out);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_NE(d.out.find("profile written to " + out), std::string::npos) << d.out;
  const auto show = run(bin() + " profile show --format json " + out);
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const json p = json::parse(show.out);
  EXPECT_EQ(p["name"], "sakura");
  EXPECT_EQ(p["body"], "さくら町議会");
  EXPECT_EQ(p["families"]["cloud"]["article"], "5.3");
  EXPECT_EQ(p["families"]["sns"]["hedged"], true);
  EXPECT_FALSE(p["families"].contains("outsourcing"));
  const std::string contract = write(dir, "c.txt", k_contract);
  const auto scan = run(bin() + " scan --format json --kind outsourcing --kind cloud --profile " + out + " " + contract);
  ASSERT_NE(scan.exit_code, 2) << scan.err;
  const json j = json::parse(scan.out);
  EXPECT_EQ(j["profile"], "sakura");
  const auto req = by_id(j);
  EXPECT_EQ(req.at("OUT-09")["status"], "not_applicable");  // contradicted without the profile
  EXPECT_EQ(req.at("OUT-09")["reason"].get<std::string>().rfind("方針上の要求なし", 0), 0U);
  EXPECT_TRUE(req.at("OUT-09")["evidence"].empty());
  EXPECT_TRUE(has_basis(req.at("CLD-04"), "さくら町議会情報セキュリティ基本方針 5.3"));
}

TEST(CliProfileDerive, ReadsADocxWithAutomaticNumbering) {
  TempDir dir;
  const std::string docx = dir.file("hanamura.docx");
  std::ofstream(docx, std::ios::binary) << keiyaku::test::zip_tree(policies() + "hanamura-docx");
  const auto r = run(bin() + " profile derive --format json " + docx);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["body"], "花村町");
  // The numbers are Word's (第三条, （３）, ア), not in the text.
  EXPECT_EQ(articles(j), expect("第3条(3)", "第3条(4)", "-", "第3条(2)"));
  EXPECT_EQ(j["protected_data"], "住民情報");
  // Where: the paragraph as `keiyaku extract` numbers it.
  const auto text = run(bin() + " profile derive " + docx);
  EXPECT_NE(text.out.find("outsourcing (outsourcing): 第3条(3) (paragraph 9)\n    「業務を外部に委託するときは、"),
            std::string::npos)
      << text.out;
}

TEST(CliProfileDerive, BadInput) {
  TempDir dir;
  const auto missing = run(bin() + " profile derive " + dir.file("none.txt"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.txt"), std::string::npos) << missing.err;
  const auto binary = run(bin() + " profile derive " + write(dir, "b.txt", std::string("\xff\xfe\x00policy", 9)));
  EXPECT_EQ(binary.exit_code, 2);
  EXPECT_NE(binary.err.find("b.txt: not UTF-8 or Shift_JIS text"), std::string::npos) << binary.err;
  const auto pdf = run(bin() + " profile derive " + write(dir, "p.docx", "%PDF-1.7\n"));
  EXPECT_EQ(pdf.exit_code, 2);
  const auto other = run(bin() + " profile derive " + write(dir, "o.txt", "議事録\n本日は晴天なり。\n"));
  EXPECT_EQ(other.exit_code, 0);
  EXPECT_NE(other.err.find("no outsourcing, cloud, social-media or three-tier clause found"), std::string::npos)
      << other.err;
}

TEST(CliProfile, ListAndShow) {
  const auto list = run(bin() + " profile list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* name : {"default", "kisarazu-gikai", "kumamoto-gikai", "nanyo", "sanbu-suido", "tsuchiura"}) {
    EXPECT_NE(list.out.find(name), std::string::npos) << name;
  }
  EXPECT_NE(list.out.find("outsourcing=7(8)ア cloud=7(8)イ three_tier=7(3)"), std::string::npos) << list.out;
  const auto show = run(bin() + " profile show --format json tsuchiura");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const json t = json::parse(show.out);
  EXPECT_EQ(t["policy"], "土浦市情報セキュリティ基本方針");
  EXPECT_EQ(t["requirements"]["OUT-01"]["severity"], "must");
  const auto text = run(bin_ja() + " profile show kumamoto-gikai");
  EXPECT_NE(text.out.find("業務委託 (outsourcing): 方針上の要求なし"), std::string::npos) << text.out;
  const auto unknown = run(bin() + " profile show tsuchira");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "keiyaku: error: no such profile: tsuchira (did you mean 'tsuchiura'?) (see keiyaku profile list)\n");
}

TEST(CliScanProfile, KumamotoCouncilHasNoOutsourcingClause) {
  TempDir dir;
  const std::string contract = write(dir, "c.txt", k_contract);
  const auto plain = run(bin() + " scan --format json --fail-on contradicted " + contract);
  EXPECT_EQ(plain.exit_code, 1);  // OUT-09 contradicted
  EXPECT_TRUE(json::parse(plain.out)["profile"].is_null());
  const auto r = run(bin() + " scan --format json --fail-on contradicted --profile kumamoto-gikai " + contract);
  EXPECT_EQ(r.exit_code, 0) << r.err;  // not a violation of this body's policy
  const json j = json::parse(r.out);
  EXPECT_EQ(j["profile"], "kumamoto-gikai");
  for (const auto& q : j["requirements"]) {
    EXPECT_EQ(q["status"], "not_applicable") << q["id"];
    EXPECT_NE(q["reason"].get<std::string>().find("方針上の要求なし"), std::string::npos);
    EXPECT_NE(q["reason"].get<std::string>().find("熊本市情報セキュリティ対策基準"), std::string::npos);
  }
  EXPECT_EQ(j["summary"]["must"], 0);
  const auto text = run(bin_ja() + " scan --profile kumamoto-gikai " + contract);
  EXPECT_NE(text.out.find("方針プロファイル: kumamoto-gikai"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  OUT-09   対象外   再委託の制限"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("方針上の要求なし"), std::string::npos) << text.out;
}

TEST(CliScanProfile, CitationsAndSeveritiesFollowThePolicy) {
  TempDir dir;
  const std::string contract = write(dir, "c.txt", k_contract);
  const auto plain = by_id(json::parse(run(bin() + " scan --format json " + contract).out));
  EXPECT_EQ(plain.at("OUT-01")["severity"], "should");
  const auto t = by_id(json::parse(run(bin() + " scan --format json --profile tsuchiura " + contract).out));
  EXPECT_EQ(t.at("OUT-01")["severity"], "must");  // 「適切な情報管理が可能な委託事業者を選定」
  EXPECT_EQ(t.at("OUT-09")["status"], "contradicted");
  EXPECT_EQ(t.at("OUT-09")["basis"][0], plain.at("OUT-09")["basis"][0]);  // the MIC section stays first
  EXPECT_TRUE(has_basis(t.at("OUT-09"), "土浦市情報セキュリティ基本方針 6(8)"));
  EXPECT_TRUE(has_basis(t.at("OUT-12"), "土浦市情報セキュリティ基本方針 6(7)"));
  const auto k = by_id(json::parse(run(bin() + " scan --format json --profile kisarazu-gikai " + contract).out));
  EXPECT_TRUE(has_basis(k.at("OUT-09"), "木更津市議会情報セキュリティ基本方針に関する規定 第6条(8)"));
  const auto s = by_id(json::parse(
      run(bin() + " scan --format json --tier mynumber --profile sanbu-suido " + contract).out));
  EXPECT_TRUE(has_basis(s.at("TIER-01"), "山武郡市広域水道企業団情報セキュリティ基本方針 6(3)①"));
  EXPECT_TRUE(has_basis(s.at("TIER-01"), "山武郡市広域水道企業団情報セキュリティ基本方針 6(3)"));
  const auto d = by_id(json::parse(run(bin() + " scan --format json --profile default " + contract).out));
  for (const auto& [id, q] : d) {
    EXPECT_EQ(q["status"], plain.at(id)["status"]) << id;
    EXPECT_EQ(q["basis"], plain.at(id)["basis"]) << id;
    EXPECT_EQ(q["severity"], plain.at(id)["severity"]) << id;
  }
}

TEST(CliScanProfile, NanyoBindsProvidersAndHasNoSnsClause) {
  TempDir dir;
  const std::string tos = write(dir, "tos.txt", "クラウドサービス利用規約\n第1条 当社は、お客様のデータを日本国内に保存します。\n");
  EXPECT_EQ(json::parse(run(bin() + " scan --format json " + tos).out)["kinds"], json({"cloud"}));
  const json n = json::parse(run(bin() + " scan --format json --profile nanyo " + tos).out);
  EXPECT_EQ(n["kinds"], json({"outsourcing", "cloud"}));  // 5(3): a provider is a 受託者
  const auto req = by_id(n);
  EXPECT_TRUE(has_basis(req.at("OUT-02"), "南陽市情報セキュリティ規則 5(3)"));
  EXPECT_TRUE(has_basis(req.at("CLD-01"), "南陽市情報セキュリティ規則 7(8)イ"));
  const std::string sns = write(dir, "sns.txt", "SNS運用業務委託仕様書\n1 受注者は、本市の公式アカウントの投稿を代行すること。\n");
  const auto s = by_id(json::parse(run(bin() + " scan --format json --kind sns --profile nanyo " + sns).out));
  EXPECT_EQ(s.at("SNS-01")["status"], "not_applicable");
  EXPECT_NE(s.at("SNS-01")["reason"].get<std::string>().find("助言として"), std::string::npos);
}

TEST(CliScanProfile, KumamotoCloudTermsMissingAreShould) {
  TempDir dir;
  const std::string contract = write(dir, "c.txt", "クラウドサービス契約書\n第1条 乙は、甲のデータを適切に管理する。\n");
  const auto k = by_id(json::parse(run(bin() + " scan --format json --kind cloud --profile kumamoto-gikai " + contract).out));
  EXPECT_EQ(k.at("CLD-04")["status"], "missing");
  EXPECT_EQ(k.at("CLD-04")["severity"], "should");
  EXPECT_TRUE(has_basis(k.at("CLD-04"), "熊本市議会情報セキュリティ基本方針 6(7) (hedged: 必要に応じて)"));
}

TEST(CliScanProfile, AnUnknownProfileIsAUsageError) {
  TempDir dir;
  const std::string contract = write(dir, "c.txt", k_contract);
  const auto r = run(bin() + " scan --profile nosuch " + contract);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such profile: nosuch"), std::string::npos) << r.err;
  const auto bad = run(bin() + " scan --profile " + write(dir, "bad.toml", "policy = 1\n") + " " + contract);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.toml:1:"), std::string::npos) << bad.err;
}
