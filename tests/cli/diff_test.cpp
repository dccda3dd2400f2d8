// keiyaku diff end to end, on DOCX pairs written here and on the two views of the sample
// contract's tracked change (第6条第2項: 承認 → 通知).
#include "cli/docx_maker.hpp"
#include "support/pdf_writer.hpp"
#include "support/temp_dir.hpp"
#include "unit/report/zip_read.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

using keiyaku::test::build_dir;
using keiyaku::test::make_contract_docx;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace {

using Json = nlohmann::json;

std::string bin() { return build_dir() + "/keiyaku --lang en"; }

std::string write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

const std::string k_title = "業務委託契約書";
const std::string k_parties =
    "若葉野市（以下「甲」という。）と株式会社ミナモ情報システム（以下「乙」という。）は、住民情報システム運用保守業務に"
    "ついて、次のとおり委託契約を締結する。";
const std::string k_purpose =
    "この契約は、甲が乙に委託する住民情報システムの運用保守業務（以下「本業務」という。）について必要な事項を定める。";
const std::string k_secret = "乙は、本業務の履行に当たり知り得た秘密を第三者に漏らしてはならない。本業務の終了後も同様とする。";
const std::string k_sub1 = "乙は、本業務の全部又はその主たる部分を一括して第三者に委託してはならない。";
const std::string k_approval =
    "乙は、本業務の一部を第三者に委託しようとするときは、あらかじめ甲の書面による承認を得なければならない。";
const std::string k_notice = "乙は、本業務の一部を第三者に委託しようとするときは、事前に甲に書面により通知しなければならない。";
const std::string k_accident =
    "乙は、本業務に関し個人情報の漏えい等の事故が発生したときは、直ちに甲に報告し、その指示に従わなければならない。";
const std::string k_audit = "甲は、必要があると認めるときは、乙の事業所に立ち入り、本業務の実施状況を検査することができる。";

// The contract with its 再委託 paragraph as given, articles in the given order after 第1条.
std::vector<std::string> contract(const std::string& subcontracting,
                                  const std::vector<std::pair<std::string, std::vector<std::string>>>& articles) {
  std::vector<std::string> out = {k_title, k_parties, "（目的）", "第1条　" + k_purpose};
  int n = 2;
  for (const auto& [heading, paragraphs] : articles) {
    out.push_back("（" + heading + "）");
    for (size_t p = 0; p < paragraphs.size(); ++p) {
      const std::string text = paragraphs[p] == "SUB" ? subcontracting : paragraphs[p];
      out.push_back(p == 0 ? "第" + std::to_string(n) + "条　" + text : std::to_string(p + 1) + "　" + text);
    }
    ++n;
  }
  return out;
}

// (The third paragraph gives the flow-down OUT-09 also asks for, so that the approval decides it.)
const std::string k_flow = "乙は、再委託先に本契約に基づく乙の義務と同等の義務を負わせなければならない。";
const std::vector<std::pair<std::string, std::vector<std::string>>> k_articles = {
    {"秘密の保持", {k_secret}}, {"再委託の禁止", {k_sub1, "SUB", k_flow}}, {"事故の報告", {k_accident}}};

struct Diff {
  int exit_code = 0;
  Json json;
  std::string err;
  const Json& requirement(const std::string& id) const {
    for (const Json& r : json.at("requirements")) {
      if (r.at("id") == id) {
        return r;
      }
    }
    static const Json none;
    return none;
  }
  // "old → new: change[,renumbered][,moved]" for every article that is not the same.
  std::vector<std::string> clauses() const {
    std::vector<std::string> out;
    for (const Json& c : json.at("clauses")) {
      if (c.at("change") == "same" && !c.at("renumbered").get<bool>() && !c.at("moved").get<bool>()) {
        continue;
      }
      std::string line = (c.at("old").is_null() ? "-" : c.at("old").get<std::string>()) + " → " +
                         (c.at("new").is_null() ? "-" : c.at("new").get<std::string>()) + ": " +
                         c.at("change").get<std::string>();
      line += c.at("renumbered").get<bool>() ? ",renumbered" : "";
      line += c.at("moved").get<bool>() ? ",moved" : "";
      out.push_back(line);
    }
    return out;
  }
};

Diff diff(const std::string& old_path, const std::string& new_path) {
  const auto r = run(bin() + " diff --format json --kind outsourcing " + old_path + " " + new_path);
  Diff d;
  d.exit_code = r.exit_code;
  d.err = r.err;
  if (r.exit_code <= 1) {
    d.json = Json::parse(r.out);
  }
  return d;
}

std::string deleted_and_inserted(const Json& cause) {
  std::string out;
  for (const Json& p : cause.at("diff")) {
    if (p.at("op") == "delete") {
      out += "[-" + p.at("text").get<std::string>() + "-]";
    } else if (p.at("op") == "insert") {
      out += "{+" + p.at("text").get<std::string>() + "+}";
    }
  }
  return out;
}

}  // namespace

// 承認 → 通知 in 第3条第2項 weakens OUT-09: it comes first, names the paragraph on both sides and
// the characters that changed, and the exit status is 1.
TEST(CliDiff, AWeakenedClauseIsNamedAsTheCause) {
  TempDir dir;
  const std::string old_path = write(dir, "old.docx", make_contract_docx(contract(k_approval, k_articles)));
  const std::string new_path = write(dir, "new.docx", make_contract_docx(contract(k_notice, k_articles)));
  const Diff d = diff(old_path, new_path);
  ASSERT_EQ(d.exit_code, 1) << d.err;
  const Json& first = d.json.at("requirements").at(0);
  EXPECT_EQ(first.at("id"), "OUT-09");
  EXPECT_EQ(first.at("movement"), "regression");
  EXPECT_EQ(first.at("before").at("status"), "satisfied");
  EXPECT_EQ(first.at("before").at("clause"), "第3条第2項");
  EXPECT_EQ(first.at("after").at("status"), "weak");
  EXPECT_EQ(first.at("after").at("clause"), "第3条");  // the weakest clause is cited now
  EXPECT_EQ(first.at("cause").at("old_clause"), "第3条第2項");
  EXPECT_EQ(first.at("cause").at("new_clause"), "第3条第2項");
  EXPECT_EQ(deleted_and_inserted(first.at("cause")), "[-あらかじめ-]{+事前に+}[-の-]{+に+}[-る承認を得-]{+り通知し+}");
  EXPECT_EQ(d.clauses(), std::vector<std::string>{"第3条 → 第3条: modified"});
  EXPECT_EQ(first.at("cause").at("alone"), nullptr);  // the verdict of the whole moved
  EXPECT_EQ(d.json.at("summary").at("regressions"), 1);
  EXPECT_EQ(d.json.at("summary").at("worse"), true);
  // Everything else kept its verdict and its text.
  EXPECT_EQ(d.requirement("OUT-08").at("movement"), "unchanged");
  EXPECT_EQ(d.requirement("OUT-08").at("cause"), nullptr);

  const auto text = run(bin() + " diff --kind outsourcing " + old_path + " " + new_path);
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("Requirements that got worse\n  OUT-09"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("satisfied → weak"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("cause: 第3条第2項 changed: 2　乙は、本業務の一部を第三者に委託しようとするときは、"
                          "[-あらかじめ-]{+事前に+}甲[-の-]{+に+}書面によ[-る承認を得-]{+り通知し+}なければならない。"),
            std::string::npos)
      << text.out;
}

// The same edit the other way is an improvement, and nothing got worse: exit 0.
TEST(CliDiff, AStrengthenedClauseIsAnImprovement) {
  TempDir dir;
  const std::string old_path = write(dir, "old.docx", make_contract_docx(contract(k_notice, k_articles)));
  const std::string new_path = write(dir, "new.docx", make_contract_docx(contract(k_approval, k_articles)));
  const Diff d = diff(old_path, new_path);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const Json& first = d.json.at("requirements").at(0);
  EXPECT_EQ(first.at("id"), "OUT-09");
  EXPECT_EQ(first.at("movement"), "improvement");
  EXPECT_EQ(first.at("before").at("status"), "weak");
  EXPECT_EQ(first.at("after").at("status"), "satisfied");
  EXPECT_EQ(first.at("cause").at("new_clause"), "第3条第2項");
  EXPECT_EQ(d.json.at("summary").at("regressions"), 0);
}

// An article inserted before the others renumbers them and an article moved up keeps its verdicts;
// the verdicts cite the new numbers, and nothing got worse.
TEST(CliDiff, RenumberedAndMovedArticlesAreStillTheSame) {
  TempDir dir;
  const std::string old_path = write(dir, "old.docx", make_contract_docx(contract(k_approval, k_articles)));
  const std::string new_path = write(
      dir, "new.docx",
      make_contract_docx(contract(k_approval, {{"事故の報告", {k_accident}},
                                               {"調査", {k_audit}},
                                               {"秘密の保持", {k_secret}},
                                               {"再委託の禁止", {k_sub1, "SUB", k_flow}}})));
  const Diff d = diff(old_path, new_path);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(d.clauses(), (std::vector<std::string>{"第4条 → 第2条: same,renumbered,moved", "- → 第3条: inserted",
                                                   "第2条 → 第4条: same,renumbered", "第3条 → 第5条: same,renumbered"}));
  const Json& secret = d.requirement("OUT-08");
  EXPECT_EQ(secret.at("movement"), "unchanged");
  EXPECT_EQ(secret.at("before").at("clause"), "第2条");
  EXPECT_EQ(secret.at("after").at("clause"), "第4条");
  const Json& sub = d.requirement("OUT-09");
  EXPECT_EQ(sub.at("movement"), "unchanged");
  EXPECT_EQ(sub.at("after").at("clause"), "第5条第2項");
  EXPECT_EQ(d.json.at("summary").at("regressions"), 0);
}

// A risk clause added (a cap on liability) is worse even when every verdict holds.
TEST(CliDiff, AnAddedRiskClauseIsWorse) {
  TempDir dir;
  const std::string old_path = write(dir, "old.docx", make_contract_docx(contract(k_approval, k_articles)));
  auto articles = k_articles;
  articles.push_back({"損害賠償", {"乙が甲に対して負う損害賠償責任は、本契約の委託料の総額を上限とする。"}});
  const std::string new_path = write(dir, "new.docx", make_contract_docx(contract(k_approval, articles)));
  const Diff d = diff(old_path, new_path);
  ASSERT_EQ(d.exit_code, 1) << d.err;
  ASSERT_EQ(d.json.at("risks").size(), 1U) << d.json.dump(2);
  EXPECT_EQ(d.json.at("risks")[0].at("id"), "RISK-01");
  EXPECT_EQ(d.json.at("risks")[0].at("change"), "added");
  EXPECT_EQ(d.json.at("risks")[0].at("clause"), "第5条");
  // The other way round it is removed, and that is no failure.
  const Diff back = diff(new_path, old_path);
  EXPECT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(back.json.at("risks")[0].at("change"), "removed");
}

// Either side may be a DOCX, a PDF or a text file; a file that cannot be read is exit 2.
TEST(CliDiff, TextOrPdfAgainstDocxAndBadInput) {
  TempDir dir;
  std::string txt;
  for (const std::string& line : contract(k_approval, k_articles)) {
    txt += line + "\n";
  }
  const std::string old_path = write(dir, "old.txt", txt);
  const std::string new_path = write(dir, "new.docx", make_contract_docx(contract(k_notice, k_articles)));
  const Diff d = diff(old_path, new_path);
  ASSERT_EQ(d.exit_code, 1) << d.err;
  EXPECT_EQ(d.json.at("requirements").at(0).at("cause").at("new_clause"), "第3条第2項");
  // A PDF of the old version against the DOCX of the new one.
  std::vector<keiyaku::test::PdfParagraph> paragraphs;
  for (const std::string& line : contract(k_approval, k_articles)) {
    paragraphs.push_back({line});
  }
  const std::string pdf = write(dir, "old.pdf", keiyaku::test::write_pdf(keiyaku::test::lay_out_pages(paragraphs)));
  const Diff p = diff(pdf, new_path);
  ASSERT_EQ(p.exit_code, 1) << p.err;
  EXPECT_EQ(p.json.at("requirements").at(0).at("id"), "OUT-09");
  EXPECT_EQ(p.json.at("requirements").at(0).at("cause").at("old_clause"), "第3条第2項");
  // 「2 」 from the PDF against 「2　」 from the DOCX is no edit.
  EXPECT_EQ(deleted_and_inserted(p.json.at("requirements").at(0).at("cause")),
            "[-あらかじめ-]{+事前に+}[-の-]{+に+}[-る承認を得-]{+り通知し+}");
  const auto missing = run(bin() + " diff " + old_path + " " + dir.file("none.docx"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.docx"), std::string::npos) << missing.err;
  const auto usage = run(bin() + " diff " + old_path);
  EXPECT_EQ(usage.exit_code, 2);
  const auto same = run(bin() + " diff -o " + old_path + " " + old_path + " " + new_path);
  EXPECT_EQ(same.exit_code, 2);
}

namespace {

// The sample's document.xml with every revision rejected (the body's draft) or accepted (the
// vendor's): w:ins or w:del dropped with their content, the other kept as plain text.
std::string resolve(std::string xml, bool accept) {
  const std::string drop = accept ? "w:del" : "w:ins";
  const std::string keep = accept ? "w:ins" : "w:del";
  for (size_t at = xml.find("<" + drop + " "); at != std::string::npos; at = xml.find("<" + drop + " ", at)) {
    const size_t end = xml.find("</" + drop + ">", at);
    xml.erase(at, end + drop.size() + 3 - at);
  }
  for (size_t at = xml.find("<" + keep + " "); at != std::string::npos; at = xml.find("<" + keep + " ", at)) {
    xml.erase(at, xml.find('>', at) + 1 - at);
  }
  for (size_t at = xml.find("</" + keep + ">"); at != std::string::npos; at = xml.find("</" + keep + ">", at)) {
    xml.erase(at, keep.size() + 3);
  }
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"<w:delText", "<w:t"}, {"</w:delText>", "</w:t>"}}) {
    for (size_t at = xml.find(from); at != std::string::npos; at = xml.find(from, at)) {
      xml.replace(at, from.size(), to);
    }
  }
  return xml;
}

std::string sample_version(bool accept) {
  std::ifstream in(source_dir() + "/samples/outsourcing-tokki.docx", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  keiyaku::test::ZipWriter zip;
  for (const auto& [name, entry] : keiyaku::test::read_zip(bytes)) {
    zip.add(name, name == "word/document.xml" ? resolve(entry.data, accept) : entry.data);
  }
  return zip.finish();
}

}  // namespace

// The sample contract as the body sent it and as the vendor returned it: 第6条第2項 (承認 → 通知)
// is named as the cause of OUT-09 getting worse.
TEST(CliDiff, TheSamplesSubcontractingEditIsNamed) {
  TempDir dir;
  const std::string old_path = write(dir, "draft.docx", sample_version(false));
  const std::string new_path = write(dir, "returned.docx", sample_version(true));
  const auto r = run(bin() + " diff --format json " + old_path + " " + new_path);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const Json j = Json::parse(r.out);
  const Json& first = j.at("requirements").at(0);
  EXPECT_EQ(first.at("id"), "OUT-09");
  EXPECT_EQ(first.at("movement"), "regression");
  // The contract as a whole was already weak on OUT-09 (第6条 and 第6条第3項 are weak by
  // themselves); 第6条第2項 met it by itself and no longer does.
  EXPECT_EQ(first.at("before").at("status"), "weak");
  EXPECT_EQ(first.at("after").at("status"), "weak");
  EXPECT_EQ(first.at("cause").at("alone"), Json::parse(R"({"before":"satisfied","after":"weak"})"));
  EXPECT_EQ(first.at("cause").at("old_clause"), "第6条第2項");
  EXPECT_EQ(first.at("cause").at("new_clause"), "第6条第2項");
  const std::string edit = deleted_and_inserted(first.at("cause"));
  EXPECT_NE(edit.find("承認を得"), std::string::npos) << edit;
  EXPECT_NE(edit.find("通知し"), std::string::npos) << edit;
  EXPECT_EQ(j.at("summary").at("regressions"), 1) << r.out;
  const auto html = run(bin() + " diff --format html " + old_path + " " + new_path);
  EXPECT_NE(html.out.find("<del>"), std::string::npos);
  EXPECT_NE(html.out.find("<ins>"), std::string::npos);
}

// scan --revisions: the file reviewed with every revision rejected and with every one accepted;
// only the revision that lowers a verdict is named, with its author, date and clause.
TEST(CliScanRevisions, TheRevisionThatLowersAVerdictIsNamed) {
  TempDir dir;
  // Two revisions: 第3条第2項 approval → notice (lowers OUT-09), and words in 第2条 that change no
  // verdict.
  std::vector<std::string> paragraphs = contract("SUBCONTRACTING", k_articles);
  for (std::string& p : paragraphs) {
    if (p.find(k_secret) != std::string::npos) {
      p = "第2条　乙は、本業務の履行に当たり知り得た秘密{+（個人情報を含む。）+}を第三者に漏らしてはならない。本業務の終了後も同様とする。";
    }
    if (p.find("SUBCONTRACTING") != std::string::npos) {
      p = "2　乙は、本業務の一部を第三者に委託しようとするときは、[-あらかじめ甲の書面による承認を得-]{+事前に甲に書面により通知し+}なければならない。";
    }
  }
  const std::string path = write(dir, "tracked.docx", make_contract_docx(paragraphs, {"ミナモ法務", "2026-03-10T09:00:00Z"}));
  const auto r = run(bin() + " scan --kind outsourcing --format json --revisions " + path);
  ASSERT_LE(r.exit_code, 1) << r.err;
  const Json j = Json::parse(r.out);
  ASSERT_EQ(j.at("revision_effects").size(), 1U) << r.out;
  const Json& e = j.at("revision_effects")[0];
  EXPECT_EQ(e.at("clause"), "第3条第2項");
  EXPECT_EQ(e.at("authors"), Json::array({"ミナモ法務"}));
  EXPECT_EQ(e.at("dates"), Json::array({"2026-03-10"}));
  ASSERT_EQ(e.at("lowered").size(), 1U);
  EXPECT_EQ(e.at("lowered")[0].at("id"), "OUT-09");
  EXPECT_EQ(e.at("lowered")[0].at("before"), "satisfied");
  EXPECT_EQ(e.at("lowered")[0].at("after"), "weak");
  EXPECT_EQ(e.at("lowered")[0].at("alone"), nullptr);
  // The report itself is of the accepted view.
  for (const Json& req : j.at("requirements")) {
    if (req.at("id") == "OUT-09") {
      EXPECT_EQ(req.at("status"), "weak");
    }
  }
  const auto ja = run(build_dir() + "/keiyaku --lang ja scan --kind outsourcing --revisions " + path);
  EXPECT_NE(ja.out.find("第3条第2項の変更（あらかじめ…の…る承認を得→事前に…に…り通知し、作成者 ミナモ法務、2026-03-10）"
                        "により OUT-09 再委託の制限 が 充足 → 不十分"),
            std::string::npos)
      << ja.out;
}

// The sample contract's own tracked change is named.
TEST(CliScanRevisions, TheSamplesRevisionIsNamed) {
  const auto r = run(bin() + " scan --format json --revisions " + source_dir() + "/samples/outsourcing-tokki.docx");
  ASSERT_LE(r.exit_code, 1) << r.err;
  const Json j = Json::parse(r.out);
  ASSERT_EQ(j.at("revision_effects").size(), 1U) << j.at("revision_effects").dump(2);
  const Json& e = j.at("revision_effects")[0];
  EXPECT_EQ(e.at("clause"), "第6条第2項");
  EXPECT_EQ(e.at("authors"), Json::array({"ミナモ情報システム 法務部"}));
  EXPECT_EQ(e.at("dates"), Json::array({"2026-03-18"}));
  EXPECT_EQ(e.at("lowered")[0].at("id"), "OUT-09");
  EXPECT_EQ(e.at("lowered")[0].at("alone"), Json::parse(R"({"before":"satisfied","after":"weak"})"));
}

// The HTML and XLSX reports of scan --revisions list the revision too.
TEST(CliScanRevisions, HtmlAndXlsxListTheRevision) {
  TempDir dir;
  const std::string sample = source_dir() + "/samples/outsourcing-tokki.docx";
  const std::string html = dir.file("r.html");
  const auto h = run(build_dir() + "/keiyaku --lang ja scan --revisions -o " + html + " " + sample);
  ASSERT_LE(h.exit_code, 1) << h.err;
  std::ifstream in(html);
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("<h3>判定を下げる変更履歴</h3>"), std::string::npos);
  EXPECT_NE(page.find("第6条第2項の変更（"), std::string::npos);
  EXPECT_NE(page.find("作成者 ミナモ情報システム 法務部、2026-03-18）により OUT-09 再委託の制限 が 充足 → 不十分"),
            std::string::npos);
  const std::string xlsx = dir.file("r.xlsx");
  const auto x = run(build_dir() + "/keiyaku --lang ja scan --revisions -o " + xlsx + " " + sample);
  ASSERT_LE(x.exit_code, 1) << x.err;
  std::ifstream xin(xlsx, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(xin)), std::istreambuf_iterator<char>());
  std::string strings;
  for (const auto& [name, entry] : keiyaku::test::read_zip(bytes)) {
    if (name.find("sharedStrings") != std::string::npos || name.find("worksheets/") != std::string::npos) {
      strings += entry.data;
    }
  }
  EXPECT_NE(strings.find("変更履歴による判定の低下"), std::string::npos);
  EXPECT_NE(strings.find("第6条第2項の変更（"), std::string::npos);
}

// scan --revisions --annotate puts a comment on the paragraph of the revision that lowers a verdict.
TEST(CliScanRevisions, TheAnnotatedCopyCommentsOnTheRevision) {
  TempDir dir;
  const std::string out = dir.file("annotated.docx");
  const auto r = run(build_dir() + "/keiyaku --lang ja scan --revisions --annotate " + out + " " + source_dir() +
                     "/samples/outsourcing-tokki.docx");
  ASSERT_LE(r.exit_code, 1) << r.err;
  std::ifstream in(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto parts = keiyaku::test::read_zip(bytes);
  ASSERT_TRUE(parts.count("word/comments.xml") == 1 && parts.count("word/document.xml") == 1);
  const std::string& comments = parts.at("word/comments.xml").data;
  const size_t line = comments.find("第6条第2項の変更（");
  ASSERT_NE(line, std::string::npos);
  // Its id, and the paragraph that carries the vendor's insertion holds that comment.
  const size_t open = comments.rfind("<w:comment ", line);
  const size_t id_at = comments.find("w:id=\"", open) + 6;
  const std::string id = comments.substr(id_at, comments.find('"', id_at) - id_at);
  const std::string& xml = parts.at("word/document.xml").data;
  const size_t ins = xml.find("事前に、再委託");
  ASSERT_NE(ins, std::string::npos);
  const size_t p_start = std::max(xml.rfind("<w:p>", ins) == std::string::npos ? 0 : xml.rfind("<w:p>", ins),
                                  xml.rfind("<w:p ", ins) == std::string::npos ? 0 : xml.rfind("<w:p ", ins));
  const std::string paragraph = xml.substr(p_start, xml.find("</w:p>", ins) - p_start);
  EXPECT_NE(paragraph.find("<w:commentRangeStart w:id=\"" + id + "\""), std::string::npos) << paragraph.substr(0, 300);
}
