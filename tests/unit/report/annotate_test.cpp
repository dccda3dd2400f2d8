// The annotated DOCX: comments where the findings are, every other part byte-identical, a package
// that libzip and libxml2 (and keiyaku itself) read back, and LibreOffice when it is installed.
#include "support/fake_tokenizer.hpp"
#include "support/temp_dir.hpp"
#include "unit/docx/fixtures.hpp"
#include "unit/report/zip_read.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <catalog/catalog.hpp>
#include <docx/annotate.hpp>
#include <docx/reader.hpp>
#include <report/annotate.hpp>
#include <review/review.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

using namespace keiyaku;

namespace {

bool well_formed(const std::string& xml) {
  xmlDocPtr d = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (d == nullptr) {
    return false;
  }
  xmlFreeDoc(d);
  return true;
}

size_t count(const std::string& s, const std::string& n) {
  size_t c = 0;
  for (size_t p = s.find(n); p != std::string::npos; p = s.find(n, p + 1)) {
    ++c;
  }
  return c;
}

// The relationships part of a part: word/document.xml -> word/_rels/document.xml.rels.
std::string rels_of(const std::string& part) {
  const size_t slash = part.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : part.substr(0, slash + 1);
  return dir + "_rels/" + part.substr(dir.size()) + ".rels";
}

// Checks the package: well-formed XML everywhere; every entry but the main part, the comments part,
// the main part's relationships and [Content_Types].xml unchanged (content, method, compressed
// size and CRC); and the comments, their anchors and their wiring present.
void check_package(const std::string& original, const std::string& annotated, size_t added) {
  const auto before = test::read_zip(original);
  const auto after = test::read_zip(annotated);
  ASSERT_FALSE(after.empty()) << "libzip cannot open the annotated package";
  std::string main;
  std::string comments;
  for (const auto& [name, e] : after) {
    if (count(e.data, ":commentReference") > 0 &&
        (before.count(name) == 0 || count(before.at(name).data, ":commentReference") < count(e.data, ":commentReference"))) {
      main = name;
    }
    if (e.data.find(":author=\"keiyaku\"") != std::string::npos) {
      comments = name;
    }
  }
  ASSERT_FALSE(main.empty()) << "no part has the new comment references";
  ASSERT_FALSE(comments.empty()) << "no comments part";
  const std::set<std::string> may_change = {main, comments, rels_of(main), "[Content_Types].xml"};
  for (const auto& [name, e] : before) {
    ASSERT_TRUE(after.count(name)) << name << " is missing";
    if (may_change.count(name) != 0) {
      continue;
    }
    const test::ZipEntry& a = after.at(name);
    EXPECT_EQ(a.data, e.data) << name;
    EXPECT_EQ(a.method, e.method) << name;
    EXPECT_EQ(a.compressed, e.compressed) << name;
    EXPECT_EQ(a.crc, e.crc) << name;
  }
  for (const auto& [name, e] : after) {
    EXPECT_TRUE(before.count(name) != 0 || name == comments || name == rels_of(main)) << "unexpected new part " << name;
    if (name.size() > 5 && (name.substr(name.size() - 4) == ".xml" || name.substr(name.size() - 5) == ".rels")) {
      EXPECT_TRUE(well_formed(e.data)) << name;
    }
  }
  EXPECT_EQ(count(after.at(comments).data, ":author=\"keiyaku\""), added);
  const std::string& doc = after.at(main).data;
  const std::string& old = before.at(main).data;
  EXPECT_EQ(count(doc, ":commentRangeStart") - count(old, ":commentRangeStart"), added);
  EXPECT_EQ(count(doc, ":commentRangeEnd") - count(old, ":commentRangeEnd"), added);
  EXPECT_EQ(count(doc, ":commentReference") - count(old, ":commentReference"), added);
  if (before.count(comments) == 0) {
    // A new comments part: its content type and its relationship from the main part.
    EXPECT_NE(after.at("[Content_Types].xml").data.find("wordprocessingml.comments+xml"), std::string::npos);
    const std::string& rels = after.at(rels_of(main)).data;
    EXPECT_NE(rels.find("relationships/comments\""), std::string::npos);
    EXPECT_NE(rels.find("Target=\"" + comments.substr(comments.find_last_of('/') + 1) + "\""), std::string::npos);
  }
}

class AnnotateFixtures : public ::testing::TestWithParam<std::string> {};

}  // namespace

// Every paragraph of each fixture gets a comment: the package stays valid, and keiyaku reads the
// same document back with each comment anchored on the paragraph it was meant for.
TEST_P(AnnotateFixtures, EveryParagraphCanCarryAComment) {
  set_ui_lang(Lang::en);
  const std::string bytes = test::docx_fixture(GetParam());
  auto doc = docx::read_bytes(bytes, GetParam() + ".docx");
  if (!doc) {
    GTEST_SKIP() << "not a readable fixture: " << doc.error().message;
  }
  std::vector<docx::Comment> comments;
  std::vector<int> targets;  // Block::paragraph of each comment
  for (const core::Block& b : doc->blocks) {
    if (b.source_paragraph >= 0) {
      comments.push_back({b.source_paragraph, "comment on " + std::to_string(b.paragraph) + "\n<&> second line"});
      targets.push_back(b.paragraph);
    }
  }
  if (comments.empty()) {
    GTEST_SKIP() << "no paragraph in the main part";
  }
  auto annotated = docx::annotate(bytes, GetParam() + ".docx", comments, {});
  ASSERT_TRUE(annotated) << annotated.error().message;
  check_package(bytes, *annotated, comments.size());

  auto again = docx::read_bytes(*annotated, GetParam() + "-annotated.docx");
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_EQ(again->blocks.size(), doc->blocks.size());
  for (size_t i = 0; i < doc->blocks.size(); ++i) {
    EXPECT_EQ(again->blocks[i].text, doc->blocks[i].text) << i;
    EXPECT_EQ(again->blocks[i].label, doc->blocks[i].label) << i;
    EXPECT_EQ(again->blocks[i].source_paragraph, doc->blocks[i].source_paragraph) << i;
  }
  size_t mine = 0;
  for (const core::SideText& c : again->comments) {
    if (c.author != "keiyaku") {
      continue;
    }
    const std::string expect = "comment on " + std::to_string(c.anchor) + "\n<&> second line";
    EXPECT_EQ(c.text, expect) << "comment " << c.id << " is not on the paragraph it names";
    ++mine;
  }
  EXPECT_EQ(mine, comments.size());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, AnnotateFixtures,
                         ::testing::Values("runs", "tables", "numbering_japanese", "numbering_multilevel", "revisions",
                                           "hidden", "fields", "textboxes", "wrappers", "side_parts", "strict",
                                           "altchunk", "ruby", "risks", "main_elsewhere", "metadata"));

TEST(Annotate, TheDocumentsOwnCommentsPartIsExtended) {
  set_ui_lang(Lang::en);
  const std::string bytes = test::docx_fixture("side_parts");
  auto doc = docx::read_bytes(bytes, "side_parts.docx");
  ASSERT_TRUE(doc);
  ASSERT_FALSE(doc->comments.empty()) << "the fixture has comments of its own";
  const size_t own = doc->comments.size();
  auto annotated = docx::annotate(bytes, "side_parts.docx", {{doc->blocks[0].source_paragraph, "one more"}}, {});
  ASSERT_TRUE(annotated);
  const auto before = test::read_zip(bytes);
  const auto after = test::read_zip(*annotated);
  EXPECT_EQ(after.size(), before.size()) << "no new part";
  EXPECT_EQ(after.at("[Content_Types].xml").data, before.at("[Content_Types].xml").data);
  for (const auto& [name, e] : before) {
    if (name.find(".rels") != std::string::npos) {
      EXPECT_EQ(after.at(name).data, e.data) << name;
    }
  }
  check_package(bytes, *annotated, 1);
  auto again = docx::read_bytes(*annotated, "x.docx");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->comments.size(), own + 1);
  std::set<std::string> ids;
  for (const core::SideText& c : again->comments) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate comment id " << c.id;
  }
}

TEST(Annotate, StrictDocumentsGetStrictRelationships) {
  const std::string bytes = test::docx_fixture("strict");
  auto doc = docx::read_bytes(bytes, "strict.docx");
  ASSERT_TRUE(doc);
  auto annotated = docx::annotate(bytes, "strict.docx", {{doc->blocks[0].source_paragraph, "x"}}, {});
  ASSERT_TRUE(annotated) << annotated.error().message;
  const auto after = test::read_zip(*annotated);
  std::string rels;
  for (const auto& [name, e] : after) {
    if (name.find("_rels/") != std::string::npos && name.find("document") != std::string::npos) {
      rels = e.data;
    }
  }
  EXPECT_NE(rels.find("http://purl.oclc.org/ooxml/officeDocument/relationships/comments"), std::string::npos);
}

TEST(Annotate, ACommentOnAParagraphThatDoesNotExistIsRefused) {
  set_ui_lang(Lang::en);
  const std::string bytes = test::docx_fixture("runs");
  EXPECT_FALSE(docx::annotate(bytes, "runs.docx", {{100000, "x"}}, {}));
  EXPECT_FALSE(docx::annotate(bytes, "runs.docx", {{-1, "x"}}, {}));
  EXPECT_FALSE(docx::annotate("not a zip", "bad.docx", {}, {}));
}

namespace {

class AnnotateReview : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ui_lang(Lang::ja);
    auto specs = catalog::load_dir(catalog::default_dir());
    ASSERT_TRUE(specs);
    auto e = review::Engine::from(std::move(*specs), std::make_shared<test::FakeTokenizer>());
    ASSERT_TRUE(e);
    s_engine = new review::Engine(std::move(*e));
  }
  static void TearDownTestSuite() {
    delete s_engine;
  }
  static review::Engine* s_engine;
};

review::Engine* AnnotateReview::s_engine = nullptr;

}  // namespace

// The comments keiyaku chooses for a reviewed contract: the weak and contradicted clauses, the
// RISK clauses, and the missing requirements on the 特記事項 heading with the clause to add.
TEST_F(AnnotateReview, CommentsGoWhereTheFindingsAre) {
  set_ui_lang(Lang::ja);
  const std::string path = test::source_dir() + "/samples/outsourcing-tokki.docx";
  auto bytes = file::read(path);
  ASSERT_TRUE(bytes);
  auto r = review::review_bytes(*s_engine, *bytes, path, {});
  ASSERT_TRUE(r) << r.error().message;
  const int anchor = report::missing_anchor(r->document);
  ASSERT_GE(anchor, 0);
  EXPECT_NE(r->document.blocks[static_cast<size_t>(anchor)].text.find("特記事項"), std::string::npos);

  std::map<int, std::vector<std::string>> expected;  // Block::paragraph -> comment headings
  size_t missing = 0;
  for (size_t i = 0; i < r->findings.size(); ++i) {
    const core::Finding& f = r->findings[i];
    if ((f.status == core::Status::weak || f.status == core::Status::contradicted) && !f.evidence.empty()) {
      expected[f.evidence[0].paragraph].push_back(f.id);
    } else if (f.status == core::Status::missing) {
      expected[anchor].push_back(f.id);
      ++missing;
    }
  }
  for (const core::RiskFinding& k : r->risks) {
    expected[k.evidence.paragraph].push_back(k.id);
  }
  ASSERT_GT(missing, 0U);
  const auto comments = report::annotation_comments(*r);
  size_t total = 0;
  for (const auto& [p, ids] : expected) {
    total += ids.size();
  }
  EXPECT_EQ(comments.size(), total);

  test::TempDir dir;
  const std::string out = dir.file("annotated.docx");
  ASSERT_TRUE(report::write_annotated(*r, *bytes, out, "2026-04-01T09:00:00Z"));
  auto written = file::read(out);
  ASSERT_TRUE(written);
  check_package(*bytes, *written, comments.size());
  EXPECT_NE(written->find("PK"), std::string::npos);
  auto again = docx::read_bytes(*written, out);
  ASSERT_TRUE(again);
  std::map<int, std::vector<std::string>> found;
  for (const core::SideText& c : again->comments) {
    if (c.author != "keiyaku") {
      continue;
    }
    EXPECT_EQ(c.date, "2026-04-01T09:00:00Z");
    // 【欠落】OUT-14 …: the id after the bracket.
    const size_t close = c.text.find("】");
    ASSERT_NE(close, std::string::npos) << c.text;
    const std::string id = c.text.substr(close + 3, c.text.find(' ', close) - close - 3);
    found[c.anchor].push_back(id);
    if (c.text.find("【欠落】") == 0) {
      EXPECT_NE(c.text.find("追加する条項の案: "), std::string::npos) << c.text;
    }
  }
  for (auto& [p, ids] : expected) {
    std::sort(ids.begin(), ids.end());
    std::sort(found[p].begin(), found[p].end());
    EXPECT_EQ(found[p], ids) << "paragraph " << p;
  }
}

// LibreOffice opens and converts the annotated file, comments included (skipped without soffice).
TEST_F(AnnotateReview, LibreOfficeOpensTheAnnotatedFile) {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "soffice is not installed";
  }
  const std::string path = test::source_dir() + "/samples/outsourcing-tokki.docx";
  auto bytes = file::read(path);
  ASSERT_TRUE(bytes);
  auto r = review::review_bytes(*s_engine, *bytes, path, {});
  ASSERT_TRUE(r);
  test::TempDir dir;
  const std::string out = dir.file("annotated.docx");
  ASSERT_TRUE(report::write_annotated(*r, *bytes, out, "2026-04-01T09:00:00Z"));
  const std::string cmd = "cd " + dir.path() + " && HOME=" + dir.path() +
                          " soffice --headless --norestore --convert-to odt --outdir " + dir.path() + " " + out +
                          " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto odt = file::read(dir.file("annotated.odt"));
  ASSERT_TRUE(odt) << "LibreOffice did not convert the file";
  const auto zip = test::read_zip(*odt);
  ASSERT_TRUE(zip.count("content.xml"));
  const std::string& content = zip.at("content.xml").data;
  EXPECT_EQ(count(content, "<office:annotation>") + count(content, "<office:annotation "),
            report::annotation_comments(*r).size());
  EXPECT_NE(content.find("keiyaku"), std::string::npos);
}
