// One fixture per feature of the DOCX reader (tests/data/docx/<case>/, zipped at test time).
#include "unit/docx/fixtures.hpp"

#include <base/i18n.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using keiyaku::core::Document;
using keiyaku::core::Part;
using keiyaku::docx::ReadOptions;
using keiyaku::docx::RevisionView;
using namespace keiyaku::test;
using Lines = std::vector<std::string>;

namespace {

Document must_read(const std::string& name, RevisionView view = RevisionView::accepted) {
  ReadOptions o;
  o.revisions = view;
  auto d = read_fixture(name, o);
  if (!d) {
    ADD_FAILURE() << name << ": " << d.error().message;
    return {};
  }
  return std::move(*d);
}

}  // namespace

TEST(DocxReader, RunContentTabsBreaksSymbolsAndHyphens) {
  const Document d = must_read("runs");
  EXPECT_EQ(lines(d),
            (Lines{"甲\t乙", "一行目\n二行目\n三行目", "チェック☑α※", "ISO\u201127001情報資産",
                   "  前後に空白  ", "改行なし の文𠮷野家", "タブ位置だけ", "最後"}));
  for (size_t i = 0; i < d.blocks.size(); ++i) {
    EXPECT_EQ(d.blocks[i].paragraph, static_cast<int>(i));
    EXPECT_EQ(d.blocks[i].part, Part::body);
    EXPECT_FALSE(d.blocks[i].in_table);
  }
  EXPECT_EQ(d.path, "runs.docx");
  EXPECT_EQ(d.sha256.size(), 64U);
  EXPECT_TRUE(d.file_risks.empty());
}

// Characters of symbol fonts, as w:sym or as private-use characters in a run set in that font,
// are the glyphs they show (dictionaries/symbols.tsv); a private-use character outside a symbol
// font (外字) is left as it is; a glyph the table lacks is U+FFFD.
TEST(DocxReader, SymbolFontCharactersAreTheirGlyphs) {
  const Document d = must_read("symbols");
  EXPECT_EQ(lines(d),
            (Lines{"同意する☑同意しない□", "確認済み✓□\uF0FC", "①②次の事項", "\uFFFD\uFFFD末尾"}));
}

TEST(DocxReader, TablesMergedCellsOnceAndNestedTables) {
  const Document d = must_read("tables");
  EXPECT_EQ(lines(d), (Lines{"前文", "区分", "金額", "甲", "保守", "100", "（税込）", "運用",
                             "内側1", "内側2", "後", "後文"}));
  struct Pos {
    bool in_table;
    int table, row, col, depth;
  };
  const Pos want[] = {{false, -1, -1, -1, 0}, {true, 0, 0, 0, 1}, {true, 0, 0, 2, 1},
                      {true, 0, 1, 0, 1},     {true, 0, 1, 1, 1}, {true, 0, 1, 2, 1},
                      {true, 0, 1, 2, 1},     {true, 0, 2, 1, 1}, {true, 1, 0, 0, 2},
                      {true, 1, 0, 1, 2},     {true, 0, 3, 1, 1}, {false, -1, -1, -1, 0}};
  ASSERT_EQ(d.blocks.size(), std::size(want));
  for (size_t i = 0; i < d.blocks.size(); ++i) {
    SCOPED_TRACE(d.blocks[i].text);
    EXPECT_EQ(d.blocks[i].in_table, want[i].in_table);
    EXPECT_EQ(d.blocks[i].table, want[i].table);
    EXPECT_EQ(d.blocks[i].row, want[i].row);
    EXPECT_EQ(d.blocks[i].col, want[i].col);
    EXPECT_EQ(d.blocks[i].depth, want[i].depth);
  }
}

TEST(DocxReader, ContentControlsSmartTagsCustomXmlAndHyperlinksAreTransparent) {
  const Document d = must_read("wrappers");
  EXPECT_EQ(lines(d), (Lines{"ブロックコントロール", "山田太郎様", "カスタムXML",
                             "詳細はこちら（内部）。", "双方向文字"}));
  const auto* link = find_risk(d, "DOCX-EXTERNAL-LINK");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->severity, keiyaku::core::RiskSeverity::info);
  EXPECT_NE(link->detail.find("https://example.com/terms"), std::string::npos);
}

TEST(DocxReader, JapaneseNumberFormatsAsWordRendersThem) {
  const Document d = must_read("numbering_japanese");
  EXPECT_EQ(lines(d), (Lines{"第一条|条文1",    "第二条|条文2",    "（１）|号一",  "（２）|号二",
                             "第三条|条文3",    "第四条|条文4",    "第五条|条文5", "第六条|条文6",
                             "第七条|条文7",    "第八条|条文8",    "第九条|条文9", "第十条|条文10",
                             "第十一条|条文11", "第十二条|条文12", "ア|ア項",      "イ|イ項",
                             "イ|いろは1",      "ロ|いろは2",      "①|丸1",        "②|丸2",
                             "(1)|半角1",       "(2)|半角2",       "第５条|五条",  "第６条|六条"}));
  EXPECT_EQ(d.blocks[13].list_value, 12);
  EXPECT_EQ(d.blocks[13].list_level, 0);
  EXPECT_EQ(d.blocks[0].text, "条文1");  // the label is not in the text, and has no suffix
}

TEST(DocxReader, MultiLevelRestartsOverridesStylesAndSharedCounters) {
  const Document d = must_read("numbering_multilevel");
  EXPECT_EQ(
      lines(d),
      (Lines{"1.|A",           "1.1|A1",         "1.2|A2",       "（１）|A2a",     "（２）|A2b",
             "2.|B",           "2.1|B1",         "（１）|B1a",   "第一章|章",      "1.1|章節",
             "1.2|章節2",      "一-A|章C",  // isLgl only on its own level
             "1|r0",           "1)|r1",          "a|r2a",        "b|r2b",          "2)|r1b",
             "c|r2c",          "i|r3a",          "2|r0b",        "a|r2d",          "ii|r3b",
             "第1条|共1",      "第2条|共2",      "第3条|共3",    "第1条|再1",      "第2条|共続",
             "第3条|再続",     "第１条|様式条1", "１|様式項",    "第２条|様式条2", "番号なし",
             "第３条|様式条3", "I)|上書きI",     "II)|上書きII", "10.|開始10",     "11.|開始11",
             "0.|開始なし",    "[]|なし形式",    "•|箇条書き",   "2.2|親なし",     "壊れ",
             "見出し",         "直接見出し",     "循環"}));
  auto find = [&](const std::string& text) -> const keiyaku::core::Block& {
    for (const auto& b : d.blocks) {
      if (b.text == text) {
        return b;
      }
    }
    ADD_FAILURE() << text;
    return d.blocks.front();
  };
  EXPECT_EQ(find("様式条1").style, "条");
  EXPECT_EQ(find("様式条1").outline_level, 1);
  EXPECT_EQ(find("様式条2").style, "条（派生）");
  EXPECT_EQ(find("様式条2").outline_level, 1);
  EXPECT_EQ(find("見出し").style, "heading 1");
  EXPECT_EQ(find("見出し").outline_level, 0);
  EXPECT_EQ(find("直接見出し").outline_level, 2);
  EXPECT_EQ(find("A").outline_level, -1);
  EXPECT_EQ(find("循環").style, "loop1");
}

TEST(DocxReader, TrackedChangesAcceptedView) {
  const Document d = must_read("revisions");
  EXPECT_EQ(lines(d),
            (Lines{"甲は、速やかに乙に通知する。", "残る文。", "移動先：移動する文。", "前半と後半",
                   "第1条|第一の条", "第2条|残った条", "第3条|挿入された条", "第4条|最後の条",
                   "行1", "挿入行", "（１）|番号が付いた段落", "末尾"}));
  EXPECT_TRUE(d.blocks[0].tracked_insert);
  EXPECT_FALSE(d.blocks[1].tracked_insert);
  EXPECT_EQ(d.blocks[9].row, 1);
  EXPECT_EQ(d.revisions.insertions, 6);
  EXPECT_EQ(d.revisions.deletions, 7);
  EXPECT_EQ(d.revisions.moves, 1);
  EXPECT_EQ(d.revisions.formatting, 2);
  EXPECT_EQ(d.revisions.total(), 16);
  EXPECT_EQ(d.revisions.authors, (std::vector<std::string>{"乙担当", "甲担当"}));
  const auto* r = find_risk(d, "DOCX-REVISIONS");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->severity, keiyaku::core::RiskSeverity::medium);
}

TEST(DocxReader, TrackedChangesOriginalView) {
  const Document d = must_read("revisions", RevisionView::original);
  EXPECT_EQ(lines(d),
            (Lines{"甲は、乙に書面により通知する。", "移動する文。残る文。", "移動先：", "前半と",
                   "後半", "第1条|第一の条", "第2条|削除された条", "第3条|残った条",
                   "第4条|最後の条", "行1", "削除行", "番号が付いた段落", "末尾"}));
  EXPECT_EQ(d.revisions.total(), 16);  // the count does not depend on the view
}

TEST(DocxReader, FieldsShowResultsNeverInstructions) {
  const Document d = must_read("fields");
  EXPECT_EQ(lines(d), (Lines{"頁3", "第5条を参照", "記入済", "索引語", "目次1", "目次2", "結果",
                             "取込", "リンク"}));
  bool dde = false;
  bool include = false;
  for (const auto& r : d.file_risks) {
    if (r.id == "DOCX-DDE" && r.severity == keiyaku::core::RiskSeverity::critical) {
      dde = r.detail.find("cmd.exe") != std::string::npos;
    }
    if (r.id == "DOCX-DDE" && r.severity == keiyaku::core::RiskSeverity::high) {
      include = r.message.find("INCLUDETEXT") != std::string::npos;
    }
  }
  EXPECT_TRUE(dde);
  EXPECT_TRUE(include);
  const auto* link = find_risk(d, "DOCX-EXTERNAL-LINK");
  ASSERT_NE(link, nullptr);
  EXPECT_NE(link->detail.find("https://example.org/x"), std::string::npos);
}

TEST(DocxReader, TextBoxesOnceAfterTheirAnchor) {
  const Document d = must_read("textboxes");
  EXPECT_EQ(lines(d), (Lines{"本文A続き", "枠内1", "枠内2", "本文B", "絵文字☺", "旧形式", "VML枠",
                             "選択肢のみ", "Choiceだけ"}));
  const Part want[] = {Part::body, Part::textbox, Part::textbox, Part::body,   Part::body,
                       Part::body, Part::textbox, Part::body,    Part::textbox};
  ASSERT_EQ(d.blocks.size(), std::size(want));
  for (size_t i = 0; i < d.blocks.size(); ++i) {
    EXPECT_EQ(d.blocks[i].part, want[i]) << d.blocks[i].text;
  }
}

TEST(DocxReader, NotesCommentsHeadersThroughRelationshipsNotInTheBody) {
  const Document d = must_read("side_parts");
  EXPECT_EQ(lines(d), (Lines{"本文を参照。", "再委託する。"}));
  ASSERT_EQ(d.footnotes.size(), 1U);
  EXPECT_EQ(d.footnotes[0].id, "1");
  EXPECT_EQ(d.footnotes[0].text, " 地方自治法第234条");
  EXPECT_EQ(d.footnotes[0].anchor, 0);
  EXPECT_EQ(d.footnotes[0].part, Part::footnote);
  ASSERT_EQ(d.endnotes.size(), 1U);
  EXPECT_EQ(d.endnotes[0].text, "文末の注");
  EXPECT_EQ(d.endnotes[0].anchor, 1);
  ASSERT_EQ(d.comments.size(), 1U);
  EXPECT_EQ(d.comments[0].author, "山田");
  EXPECT_EQ(d.comments[0].date, "2026-03-01T09:00:00Z");
  EXPECT_EQ(d.comments[0].text, "再委託の条件を確認\n二段落目");
  EXPECT_EQ(d.comments[0].anchor, 1);
  ASSERT_EQ(d.headers.size(), 2U);  // the unreferenced header part is not read
  EXPECT_EQ(d.headers[0].id, "word/hdrs/h1.xml");
  EXPECT_EQ(d.headers[0].part, Part::header);
  EXPECT_EQ(d.headers[0].text, "社外秘");
  EXPECT_EQ(d.headers[1].id, "word/f1.xml");
  EXPECT_EQ(d.headers[1].part, Part::footer);
  EXPECT_EQ(d.headers[1].text, "- 1 -");
  const auto* c = find_risk(d, "DOCX-COMMENTS");
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c->detail.find("山田"), std::string::npos);
}

TEST(DocxReader, HiddenTextIsKeptOutAndReported) {
  const Document d = must_read("hidden");
  EXPECT_EQ(lines(d), (Lines{"見える文", "表示2", "次の段落", "直接で表示トグルで表示",
                             "段落記号が隠し、つながる"}));
  EXPECT_EQ(d.hidden_text, (std::vector<std::string>{"隠し1", "隠し2", "隠し段落", "様式で隠し"}));
  const auto* r = find_risk(d, "DOCX-HIDDEN-TEXT");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->detail, "隠し1");
}

TEST(DocxReader, RubyBaseTextOnly) {
  EXPECT_EQ(lines(must_read("ruby")), (Lines{"この契約は有効とする。"}));
}

TEST(DocxReader, AltChunkDocxIsReadInPlaceOtherFormatsReported) {
  const Document d = must_read("altchunk");
  EXPECT_EQ(lines(d), (Lines{"前", "第一条|埋め込み本文", "後"}));
  EXPECT_EQ(d.blocks[2].paragraph, 2);
  bool html = false;
  for (const auto& r : d.file_risks) {
    html |= r.id == "DOCX-ALTCHUNK" && r.detail.find("text/html") != std::string::npos;
  }
  EXPECT_TRUE(html);
}

TEST(DocxReader, CorePropertiesTitleAndAuthorMetadata) {
  const Document d = must_read("metadata");
  EXPECT_EQ(d.title, "業務委託契約書");
  const auto* r = find_risk(d, "DOCX-METADATA");
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->detail.find("山田太郎"), std::string::npos);
  EXPECT_NE(r->detail.find("佐藤花子"), std::string::npos);
}

TEST(DocxReader, MainPartFoundThroughRelationships) {
  const Document d = must_read("main_elsewhere");
  EXPECT_EQ(lines(d), (Lines{"別の場所の本文"}));
  EXPECT_EQ(d.blocks[0].style, "Title");
}

TEST(DocxReader, StrictOoxmlWithAnotherPrefix) {
  const Document d = must_read("strict");
  EXPECT_EQ(lines(d), (Lines{"第１条|厳格形式の条", "見出し"}));
  EXPECT_EQ(d.blocks[1].style, "heading 2");
  EXPECT_EQ(d.blocks[1].outline_level, 1);
}

TEST(DocxReader, MacroEnabledUnderDocxNameAndTemplates) {
  const Document m = must_read("macro");
  EXPECT_EQ(lines(m), (Lines{"マクロ付き"}));
  const auto* r = find_risk(m, "DOCX-MACRO");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->severity, keiyaku::core::RiskSeverity::high);
  EXPECT_NE(r->message.find(".docx"), std::string::npos) << r->message;
  const Document t = must_read("template");
  EXPECT_EQ(lines(t), (Lines{"テンプレート"}));
  EXPECT_EQ(find_risk(t, "DOCX-MACRO"), nullptr);
}

TEST(DocxReader, ActiveAndExternalContentIsReportedNeverFollowed) {
  const Document d = must_read("risks");
  const auto* t = find_risk(d, "DOCX-EXTERNAL-TEMPLATE");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->detail, "https://attacker.example/t.dotm");
  int ole = 0;
  bool follina = false;
  bool image = false;
  for (const auto& r : d.file_risks) {
    ole += r.id == "DOCX-OLE" ? 1 : 0;
    follina |= r.id == "DOCX-OLE" && r.severity == keiyaku::core::RiskSeverity::critical;
    image |= r.id == "DOCX-EXTERNAL-LINK" && r.detail == "http://tracker.example/p.png";
  }
  EXPECT_GE(ole, 3);  // embedded object, ActiveX, linked (mhtml:) object
  EXPECT_TRUE(follina);
  EXPECT_TRUE(image);
}

TEST(DocxReader, ReadsTheSameBytesTheSameWayOnManyThreads) {
  const std::string bytes = docx_fixture("numbering_multilevel");
  const auto first = keiyaku::docx::read_bytes(bytes, "a.docx");
  ASSERT_TRUE(first);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const auto d = keiyaku::docx::read_bytes(bytes, "a.docx");
        if (!d || lines(*d) != lines(*first)) {
          ++mismatches;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(mismatches.load(), 0);
}

// Issue 12 item 9: text that a viewer shows in another order than it is stored ("Trojan Source").
TEST(DocxReader, BidirectionalOverridesAreAFileRisk) {
  keiyaku::set_ui_lang(keiyaku::Lang::en);
  const Document d = must_read("bidi");
  const auto* r = find_risk(d, "DOCX-BIDI-CONTROL");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->severity, keiyaku::core::RiskSeverity::high);
  EXPECT_EQ(
      r->message,
      "bidirectional override characters (U+202A-202E, U+2066-2069) in the text (4): what is shown "
      "may differ from what is written");
  EXPECT_EQ(r->detail,
            "paragraph 1: 第1条 "
            "乙は、甲の承認を得て\\u202Eいならなはてし託委再\\u202Cすることができる。");
  EXPECT_EQ(find_risk(must_read("runs"), "DOCX-BIDI-CONTROL"), nullptr);
}
