// keiyaku extract / inspect end to end, on fixtures zipped at test time.
#include "support/temp_dir.hpp"
#include "unit/docx/zip_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace {

std::string bin() {
  return build_dir() + "/keiyaku --lang en";
}

std::string write_fixture(const TempDir& dir,
                          const std::string& name,
                          const std::string& file_name) {
  const std::string path = dir.file(file_name);
  std::ofstream(path, std::ios::binary)
      << keiyaku::test::zip_tree(source_dir() + "/tests/data/docx/" + name);
  return path;
}

size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) {
    n += c == '\n' ? 1 : 0;
  }
  return n;
}

}  // namespace

TEST(CliExtract, TextShowsIndicesLabelsAndText) {
  TempDir dir;
  const std::string f = write_fixture(dir, "numbering_japanese", "contract.docx");
  const auto r = run(bin() + " extract " + f);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("== " + f + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    0  «第一条» 条文1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   13  «第十二条» 条文12\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("«（１）» 号一\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("«①» 丸1\n"), std::string::npos) << r.out;
}

TEST(CliExtract, TextMarksTableCellsTextBoxesAndSideStories) {
  TempDir dir;
  const auto t = run(bin() + " extract " + write_fixture(dir, "tables", "t.docx"));
  EXPECT_EQ(t.exit_code, 0);
  EXPECT_NE(t.out.find("    1  [table 1 row 1 col 1] 区分\n"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("[table 2 row 1 col 2] 内側2\n"), std::string::npos) << t.out;
  const auto b = run(bin() + " extract " + write_fixture(dir, "textboxes", "b.docx"));
  EXPECT_NE(b.out.find("    1  [textbox] 枠内1\n"), std::string::npos) << b.out;
  const auto s = run(bin() + " extract " + write_fixture(dir, "side_parts", "s.docx"));
  EXPECT_NE(s.out.find("-- footnotes\n  1 (¶0):  地方自治法第234条\n"), std::string::npos) << s.out;
  EXPECT_NE(
      s.out.find("-- comments\n  0 山田 2026-03-01T09:00:00Z (¶1): 再委託の条件を確認↵二段落目\n"),
      std::string::npos)
      << s.out;
  EXPECT_NE(s.out.find("word/hdrs/h1.xml [header]: 社外秘\n"), std::string::npos) << s.out;
}

TEST(CliExtract, RevisionsOption) {
  TempDir dir;
  const std::string f = write_fixture(dir, "revisions", "r.docx");
  const auto accepted = run(bin() + " extract " + f);
  EXPECT_EQ(accepted.out.find("削除された条"), std::string::npos);
  EXPECT_NE(accepted.out.find("-- unaccepted revisions: 16"), std::string::npos) << accepted.out;
  const auto original = run(bin() + " extract --revisions original " + f);
  EXPECT_EQ(original.exit_code, 0);
  EXPECT_NE(original.out.find("«第2条» 削除された条\n"), std::string::npos) << original.out;
  const auto bad = run(bin() + " extract --revisions both " + f);
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(CliExtract, JsonHasTheDocumentedShape) {
  TempDir dir;
  const std::string f = write_fixture(dir, "numbering_japanese", "contract.docx");
  const auto r = run(bin() + " extract --format json " + f);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) {
    keys.push_back(k);
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{"format_version", "file", "sha256", "title", "content_type",
                                      "blocks", "revisions", "comments", "footnotes", "endnotes",
                                      "headers", "hidden_text", "file_risks"}));
  EXPECT_EQ(j["file"], f);
  EXPECT_EQ(j["sha256"].get<std::string>().size(), 64U);
  const auto& b = j["blocks"][13];
  EXPECT_EQ(b["paragraph"], 13);
  EXPECT_EQ(b["label"], "第十二条");
  EXPECT_EQ(b["text"], "条文12");
  EXPECT_EQ(b["style"], "");
  EXPECT_EQ(b["outline_level"], -1);
  EXPECT_EQ(b["in_table"], false);
  EXPECT_EQ(b["part"], "body");
  EXPECT_EQ(j["revisions"]["total"], 0);
  EXPECT_TRUE(j["file_risks"].empty());
}

TEST(CliExtract, ABrokenFileIsOneLineOnStderrAndTheOthersAreStillShown) {
  TempDir dir;
  const std::string bad = dir.file("broken.docx");
  std::ofstream(bad) << "this is not a docx\n";
  const auto one = run(bin() + " extract " + bad);
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_EQ(one.out, "");
  EXPECT_EQ(count_lines(one.err), 1U) << one.err;
  EXPECT_EQ(one.err, "keiyaku: error: " + bad + ": not a ZIP archive (not a DOCX)\n");

  const std::string good = write_fixture(dir, "ruby", "good.docx");
  const auto both = run(bin() + " extract " + bad + " " + good);
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.out.find("この契約は有効とする。"), std::string::npos);
  EXPECT_EQ(count_lines(both.err), 1U) << both.err;

  const auto json = run(bin() + " extract --format json " + bad + " " + good);
  EXPECT_EQ(json.exit_code, 2);
  const auto arr = nlohmann::json::parse(json.out);
  ASSERT_TRUE(arr.is_array());
  EXPECT_EQ(arr.size(), 1U);

  const auto missing = run(bin() + " extract " + dir.file("nope.docx"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(count_lines(missing.err), 1U);
  EXPECT_NE(missing.err.find("nope.docx"), std::string::npos);
}

TEST(CliInspect, ListsRisksAndExitsByFailOn) {
  TempDir dir;
  const std::string risky = write_fixture(dir, "risks", "risky.docx");
  const auto r = run(bin() + " inspect " + risky);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(risky + ": DOCX-EXTERNAL-TEMPLATE [high] "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("https://attacker.example/t.dotm"), std::string::npos);
  EXPECT_NE(r.out.find(risky + ": DOCX-OLE [critical] "), std::string::npos) << r.out;
  EXPECT_EQ(run(bin() + " inspect --fail-on critical " + risky).exit_code, 1);
  EXPECT_EQ(run(bin() + " inspect --fail-on high " + risky).exit_code, 1);
  EXPECT_EQ(run(bin() + " inspect --fail-on never " + risky).exit_code, 0);

  const std::string clean = write_fixture(dir, "ruby", "clean.docx");
  const auto c = run(bin() + " inspect --fail-on info " + clean);
  EXPECT_EQ(c.exit_code, 0);
  EXPECT_EQ(c.out, clean + ": no file-level risks found\n");

  const auto meta =
      run(bin() + " inspect --fail-on medium " + write_fixture(dir, "metadata", "m.docx"));
  EXPECT_EQ(meta.exit_code, 0);  // DOCX-METADATA is low
  EXPECT_NE(meta.out.find("DOCX-METADATA [low]"), std::string::npos);
}

TEST(CliInspect, JsonAndErrors) {
  TempDir dir;
  const std::string macro = write_fixture(dir, "macro", "macro.docx");
  const auto r = run(bin() + " inspect --format json " + macro);
  ASSERT_EQ(r.exit_code, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["file"], macro);
  ASSERT_FALSE(j["file_risks"].empty());
  EXPECT_EQ(j["file_risks"][0]["id"], "DOCX-MACRO");
  EXPECT_EQ(j["file_risks"][0]["severity"], "high");

  const std::string enc = dir.file("enc.docx");
  std::ofstream(enc, std::ios::binary)
      << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) << std::string(100, '\0')
      << std::string("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
  const auto e = run(bin() + " inspect " + enc);
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(e.err,
            "keiyaku: error: " + enc +
                ": cannot read a password-protected DOCX: remove the password and save it again\n");
  const auto ja = run(build_dir() + "/keiyaku --lang ja inspect " + enc);
  EXPECT_EQ(ja.err,
            "keiyaku: error: " + enc +
                ": 暗号化されたDOCXは読めません: パスワードを解除して保存し直してください\n");
}

TEST(CliExtract, HelpDocumentsTheOptions) {
  const auto e = run(bin() + " extract --help");
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_NE(e.out.find("--revisions"), std::string::npos);
  const auto i = run(bin() + " inspect --help");
  EXPECT_EQ(i.exit_code, 0);
  EXPECT_NE(i.out.find("--fail-on"), std::string::npos);
  EXPECT_NE(i.out.find("unless --fail-on is given"), std::string::npos) << i.out;
}
