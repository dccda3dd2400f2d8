// keiyaku waive and scan --db end to end: waivers recorded against the contract's SHA-256, shown
// with the finding until their date (KEIYAKU_NOW fixes "today"), and kept in the history.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::TempDir;
using nlohmann::json;

namespace {

std::string bin() { return build_dir() + "/keiyaku --lang en"; }
std::string at(const std::string& today) { return "KEIYAKU_NOW=" + today + " " + bin(); }

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// OUT-09 is the only contradicted requirement of this contract.
const char* k_contract =
    "業務委託契約書\n"
    "北浜市(以下「甲」という。)と株式会社港(以下「乙」という。)は、次のとおり契約する。\n"
    "第1条 乙は、本業務の全部又は一部を第三者に再委託することができる。\n";

// The SHA-256 of k_contract's bytes, as `keiyaku scan` reports it.
std::string hash_of(const std::string& contract) {
  return json::parse(run(bin() + " scan --format json " + contract).out)["sha256"].get<std::string>();
}

json requirement(const std::string& scan_json, const std::string& id) {
  const json j = json::parse(scan_json);
  for (const auto& r : j["requirements"]) {
    if (r["id"] == id) {
      return r;
    }
  }
  return nullptr;
}

struct Fixture {
  TempDir dir;
  std::string db = dir.file("k.db");
  std::string contract = write(dir, "c.txt", k_contract);
  std::string waive_out09(const std::string& until) {
    return " waive " + contract + " OUT-09 --reason 再委託先は別紙で承認済み --approver 情報政策課長 --until " + until +
           " --by 監査担当 --db " + db;
  }
};

}  // namespace

TEST(CliWaive, AWaiverShowsUntilItsDateAndThenExpires) {
  Fixture f;
  const auto add = run(at("2026-04-01") + f.waive_out09("2026-04-30"));
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("recorded waiver #1: OUT-09"), std::string::npos) << add.out;
  const std::string scan = " scan --format json --fail-on contradicted --db " + f.db + " " + f.contract;
  const auto before = run(at("2026-04-30") + scan);
  EXPECT_EQ(before.exit_code, 0) << before.err;  // the only contradiction is waived
  const json w = requirement(before.out, "OUT-09");
  EXPECT_EQ(w["status"], "contradicted");  // not hidden: the verdict stays
  EXPECT_EQ(w["waived"], json({{"reason", "再委託先は別紙で承認済み"}, {"approver", "情報政策課長"}, {"until", "2026-04-30"}}));
  EXPECT_FALSE(requirement(before.out, "OUT-08").contains("waived"));
  const auto text = run(at("2026-04-30") + " scan --db " + f.db + " " + f.contract);
  EXPECT_NE(text.out.find("[例外承認 until 2026-04-30]"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("例外承認 (waived): 再委託先は別紙で承認済み"), std::string::npos) << text.out;
  const auto after = run(at("2026-05-01") + scan);
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_FALSE(requirement(after.out, "OUT-09").contains("waived"));
  const auto without_db = run(at("2026-04-30") + " scan --format json --fail-on contradicted " + f.contract);
  EXPECT_EQ(without_db.exit_code, 1);
}

TEST(CliWaive, ListHistoryAndTheHash) {
  Fixture f;
  ASSERT_EQ(run(at("2026-04-01") + f.waive_out09("2026-04-30")).exit_code, 0);
  const std::string hash = hash_of(f.contract);
  std::string upper = hash;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  // By hash (any case), for a contract not at hand.
  const auto by_hash = run(at("2026-04-01") + " waive " + upper +
                           " out-07 --reason r --approver a --until 令和8年6月30日 --db " + f.db);
  ASSERT_EQ(by_hash.exit_code, 0) << by_hash.err;
  const auto list = run(at("2026-05-01") + " waive --list --format json --db " + f.db);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const json l = json::parse(list.out);
  ASSERT_EQ(l["waivers"].size(), 2U);
  EXPECT_EQ(l["waivers"][0]["contract"]["ref"], hash);
  EXPECT_EQ(l["waivers"][1]["contract"]["ref"], hash);
  EXPECT_EQ(l["waivers"][0]["requirement_id"], "OUT-07");
  EXPECT_EQ(l["waivers"][1]["requirement_id"], "OUT-09");
  EXPECT_EQ(l["waivers"][0]["active"], true);
  EXPECT_EQ(l["waivers"][1]["active"], false);  // until 2026-04-30
  EXPECT_EQ(l["waivers"][0]["until"], "2026-06-30");
  EXPECT_EQ(l["waivers"][1]["created_by"], "監査担当");
  const auto text = run(at("2026-05-01") + " waive --list --db " + f.db);
  EXPECT_NE(text.out.find(hash.substr(0, 12) + "                OUT-09       2026-04-30  expired"), std::string::npos)
      << text.out;
  const auto history = run(bin() + " db history --format json --db " + f.db);
  ASSERT_EQ(history.exit_code, 0) << history.err;
  const json h = json::parse(history.out);
  const json& rows = h.is_array() ? h : h["history"];
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0]["entity"], "waiver");
  EXPECT_EQ(rows[0]["action"], "add");
  EXPECT_EQ(run(bin() + " db verify --db " + f.db).exit_code, 0);
}

TEST(CliWaive, BadInputWritesNothing) {
  Fixture f;
  auto fails = [&](const std::string& args, const std::string& message) {
    const auto r = run(at("2026-04-01") + " waive " + args + " --db " + f.db);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << "\n" << r.err;
  };
  fails(f.contract + " OUT-09 --reason r --approver a --until 2026-03-31", "the until date 2026-03-31 is in the past");
  fails(f.contract + " OUT-9 --reason r --approver a --until 2026-06-30", "no such requirement: OUT-9 (did you mean OUT-09?)");
  fails(f.contract + " RISK-01 --reason r --approver a --until 2026-06-30", "RISK-01: RISK-* flags carry no verdict to waive");
  fails(f.contract + " OUT-09 --approver a --until 2026-06-30", "--reason is required");
  fails(f.contract + " OUT-09 --reason r --approver a --until 2026-02-30", "--until:");
  fails(f.dir.file("none.docx") + " OUT-09 --reason r --approver a --until 2026-06-30",
        "none.docx: neither a contract file nor a SHA-256");
  fails("--list " + f.contract, "--list takes no contract or requirement");
  EXPECT_FALSE(std::ifstream(f.db).good());  // nothing created by a refused waiver
  const auto list = run(bin() + " waive --list --db " + f.db);
  EXPECT_EQ(list.exit_code, 2);
}

TEST(CliWaive, WhereScanFindsTheRegistry) {
  Fixture f;
  ASSERT_EQ(run(at("2026-04-01") + f.waive_out09("2026-04-30")).exit_code, 0);
  const std::string scan = " scan --format json " + f.contract;
  // $KEIYAKU_DB names the registry when --db is not given.
  const auto env = run("KEIYAKU_DB=" + f.db + " " + at("2026-04-15") + scan);
  ASSERT_EQ(env.exit_code, 1) << env.err;
  EXPECT_TRUE(requirement(env.out, "OUT-09").contains("waived"));
  // A $KEIYAKU_DB that does not exist yet is not an error for scan: no waivers.
  const auto none = run("KEIYAKU_DB=" + f.dir.file("later.db") + " " + at("2026-04-15") + scan);
  EXPECT_EQ(none.exit_code, 1) << none.err;
  EXPECT_FALSE(requirement(none.out, "OUT-09").contains("waived"));
  // An explicit --db that does not exist is.
  const auto missing = run(bin() + " scan --db " + f.dir.file("typo.db") + " " + f.contract);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("typo.db"), std::string::npos) << missing.err;
  // Another file with the same requirement: the waiver is for one contract only.
  const std::string other = write(f.dir, "other.txt", std::string(k_contract) + "第2条 甲は、乙に対し、委託料を支払う。\n");
  const auto o = run(at("2026-04-15") + " scan --format json --db " + f.db + " " + other);
  EXPECT_FALSE(requirement(o.out, "OUT-09").contains("waived"));
}

// Issue 14: a waiver belongs to the contract in the registry as well as to the text: a contract
// saved again (other bytes, same path) keeps it, and every report says the text changed since it
// was granted; another contract with the same finding is not covered.
TEST(CliWaive, AWaiverFollowsTheRegisteredContractWhenItIsSavedAgain) {
  TempDir dir;
  std::filesystem::create_directories(dir.file("docs"));
  const std::string contract = write(dir, "docs/c.txt", k_contract);
  const std::string other = write(dir, "docs/d.txt",
                                  "業務委託契約書\n"
                                  "南浜市(以下「甲」という。)と株式会社岬(以下「乙」という。)は、次のとおり契約する。\n"
                                  "第1条 乙は、本業務の一部を第三者に再委託することができる。\n");
  const std::string db = " --db " + dir.file("k.db");
  const std::string ja = "KEIYAKU_NOW=2026-04-02 " + build_dir() + "/keiyaku --lang ja";
  ASSERT_EQ(run(at("2026-04-01") + " batch " + dir.file("docs") + db).exit_code, 0);
  const auto add = run(at("2026-04-01") + " waive " + contract +
                       " OUT-09 --reason 再委託先は別紙で承認済み --approver 情報政策課長 --until 2026-04-30" + db);
  ASSERT_EQ(add.exit_code, 0) << add.err;
  // (Which number the batch gave c.txt depends on the order its workers finished.)
  EXPECT_NE(add.out.find("registered contract #"), std::string::npos) << add.out;
  EXPECT_NE(add.out.find(" " + contract), std::string::npos) << add.out;

  // Saved again with one more article: other bytes, OUT-09 still contradicted.
  write(dir, "docs/c.txt", std::string(k_contract) + "第2条 乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。\n");
  const auto scan = run(at("2026-04-02") + " scan --format json --fail-on contradicted" + db + " " + contract);
  EXPECT_EQ(scan.exit_code, 0) << scan.err;  // still waived
  const json w = requirement(scan.out, "OUT-09");
  EXPECT_EQ(w["status"], "contradicted");
  EXPECT_EQ(w["waived"]["text_changed"], true) << w.dump();
  const auto text = run(ja + " scan" + db + " " + contract);
  EXPECT_NE(text.out.find("[例外承認 〜2026-04-30、本文変更あり]"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("例外承認の後に契約書の本文が変わっています"), std::string::npos) << text.out;
  // The first text itself: no note.
  const std::string first = write(dir, "first.txt", k_contract);
  const json same = requirement(run(at("2026-04-02") + " scan --format json" + db + " " + first).out, "OUT-09");
  EXPECT_TRUE(same.contains("waived"));
  EXPECT_FALSE(same["waived"].contains("text_changed")) << same.dump();

  // The other contract, with the same contradiction, is not covered.
  const auto not_it = run(at("2026-04-02") + " scan --format json --fail-on contradicted" + db + " " + other);
  EXPECT_EQ(not_it.exit_code, 1);
  EXPECT_FALSE(requirement(not_it.out, "OUT-09").contains("waived"));

  // The batch records the new version; its report shows the waiver with the note, on c.txt only.
  const auto html = run(ja + " batch " + dir.file("docs") + " --format html" + db);
  ASSERT_NE(html.exit_code, 2) << html.err;
  const size_t note = html.out.find("例外承認の後に契約書の本文が変わっています");
  ASSERT_NE(note, std::string::npos);
  EXPECT_EQ(html.out.find("例外承認の後に契約書の本文が変わっています", note + 1), std::string::npos);
  const auto list = run(at("2026-04-02") + " waive --list --format json" + db);
  const json l = json::parse(list.out)["waivers"];
  ASSERT_EQ(l.size(), 1U);
  EXPECT_EQ(l[0]["contract_path"], contract);
  EXPECT_EQ(l[0]["text_changed"], true);
  EXPECT_NE(run(at("2026-04-02") + " waive --list" + db).out.find("active, text changed"), std::string::npos);
  EXPECT_EQ(run(bin() + " db verify" + db).exit_code, 0);
}
