#include <segment/structure.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;

namespace {

// A document whose blocks are the given (label, text) pairs; normalised text = text.
struct Doc {
  core::Document doc;
  std::vector<segment::NormBlock> norm;
  Doc(std::initializer_list<std::pair<const char*, const char*>> blocks) {
    int i = 0;
    for (const auto& [label, text] : blocks) {
      core::Block b;
      b.paragraph = i++;
      b.label = label;
      b.text = text;
      doc.blocks.push_back(b);
      segment::NormBlock nb;
      nb.label = label;
      nb.text = text;
      for (size_t k = 0; k <= nb.text.size(); ++k) {
        nb.to_original.push_back(static_cast<uint32_t>(k));
      }
      norm.push_back(nb);
    }
  }
  std::vector<core::Clause> split() const { return segment::split(doc, norm); }
};

}  // namespace

TEST(LeadingNumber, ReadsDigitsAndKanji) {
  size_t len = 0;
  EXPECT_EQ(segment::leading_number("12条", len), 12);
  EXPECT_EQ(len, 2U);
  EXPECT_EQ(segment::leading_number("十二条", len), 12);
  EXPECT_EQ(segment::leading_number("二十一", len), 21);
  EXPECT_EQ(segment::leading_number("百一", len), 101);
  EXPECT_EQ(segment::leading_number("三〇", len), 30);
  EXPECT_EQ(segment::leading_number("条", len), -1);
}

TEST(Split, ArticlesParagraphsAndItemsGetCitableReferences) {
  const Doc d{{"", "業務委託契約書"},
              {"", "第1条(目的) この契約は、業務の委託に関し必要な事項を定める。"},
              {"", "(再委託の禁止)"},
              {"第2条", "乙は、本業務を第三者に委託してはならない。"},
              {"", "2 乙は、再委託先に同等の義務を負わせなければならない。"},
              {"", "(1) 再委託先の名称"},
              {"", "第十二条 乙は、秘密を漏らしてはならない。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 7U);
  EXPECT_TRUE(c[0].is_heading);
  EXPECT_EQ(c[1].ref, "第1条");
  EXPECT_EQ(c[1].heading, "目的");
  EXPECT_EQ(c[1].text, "この契約は、業務の委託に関し必要な事項を定める。");
  EXPECT_TRUE(c[2].is_heading);
  EXPECT_EQ(c[3].ref, "第2条");
  EXPECT_EQ(c[3].heading, "再委託の禁止");
  EXPECT_EQ(c[3].text, "乙は、本業務を第三者に委託してはならない。");
  EXPECT_EQ(c[4].ref, "第2条第2項");
  EXPECT_EQ(c[4].unit, c[3].unit);
  EXPECT_EQ(c[5].ref, "第2条第2項第1号");
  EXPECT_EQ(c[6].ref, "第12条");
  EXPECT_NE(c[6].unit, c[3].unit);
}

TEST(Split, AnnexRestartsArticleNumbersUnderItsName) {
  const Doc d{{"", "第1条 甲は乙に委託する。"},
              {"", "別記"},
              {"", "情報セキュリティ特記事項"},
              {"", "第1条(目的) この特記事項は、必要な事項を定める。"},
              {"", "第4条 乙は、名簿を提出しなければならない。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 5U);
  EXPECT_EQ(c[0].ref, "第1条");
  EXPECT_EQ(c[3].ref, "情報セキュリティ特記事項第1条");
  EXPECT_EQ(c[4].ref, "情報セキュリティ特記事項第4条");
  EXPECT_EQ(c[4].annex, "情報セキュリティ特記事項");
}

TEST(Split, SpecificationNumbering) {
  const Doc d{{"", "保守業務委託仕様書"},
              {"", "5. 情報セキュリティに関する遵守事項"},
              {"", "(1) 提供する情報の範囲"},
              {"", "受注者は、指定された範囲を超えてアクセスしないこと。"},
              {"", "(2) 個人情報の適正な管理"},
              {"", "ア 受注者は、必要な措置を講じること。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 6U);
  EXPECT_EQ(c[1].ref, "5.");
  EXPECT_EQ(c[3].ref, "5.(1)");
  EXPECT_EQ(c[3].heading, "提供する情報の範囲");
  EXPECT_EQ(c[5].ref, "5.(2)ア");
  EXPECT_EQ(c[5].unit_ref, "5.(2)");
  EXPECT_EQ(c[5].text, "受注者は、必要な措置を講じること。");
}

TEST(Split, TextMapsBackToTheOriginal) {
  Doc d{{"", "第3条 乙は、報告する。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 1U);
  const uint32_t b = c[0].to_original[0];
  EXPECT_EQ(c[0].original.substr(b), "乙は、報告する。");
}

TEST(Sentences, SplitAtFullStopsOutsideBrackets) {
  const std::string t = "乙は、「秘密。」を守る。ただし、法令に基づく場合はこの限りでない。";
  const auto r = segment::sentence_ranges(t);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(t.substr(r[0].first, r[0].second - r[0].first), "乙は、「秘密。」を守る。");
  EXPECT_EQ(t.substr(r[1].first, r[1].second - r[1].first), "ただし、法令に基づく場合はこの限りでない。");
}

TEST(Split, SectionNumbersWithoutFullStop) {
  const Doc d{{"", "運用業務仕様書"},
              {"", "3 業務内容"},
              {"", "(2) 定期報告"},
              {"", "受注者は、毎月の作業内容を報告すること。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 4U);
  EXPECT_TRUE(c[1].is_heading);
  EXPECT_EQ(c[3].ref, "3.(2)");
  EXPECT_EQ(c[3].heading, "定期報告");
}

TEST(Split, SpecificationSectionsWrittenDaiN) {
  const Doc d{{"", "運用支援業務委託仕様書"},
              {"", "第2 業務内容"},
              {"", "1 投稿の作成"},
              {"", "(1) 受託者は、原稿を作成すること。"},
              {"", "第3 その他"},
              {"", "受託者は、再委託してはならない。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 6U);
  EXPECT_EQ(c[3].ref, "第2の1(1)");
  EXPECT_EQ(c[5].ref, "第3");
}

// A 仕様書 table whose rows are 「(4) | 安全管理措置 | 受注者は、…」: the short cell after the number
// is the row's 見出し; a long cell, or a row without a number, is not.
TEST(Split, TheShortCellAfterATableRowNumberIsItsHeading) {
  Doc d{{"", "保守業務委託仕様書"},
        {"", "5. 情報セキュリティに関する遵守事項"},
        {"", "No."},
        {"", "事項"},
        {"", "(4)"},
        {"", "安全管理措置"},
        {"", "受注者は、個人情報の適正な取扱いに努めること。"},
        {"", "(5)"},
        {"", "受注者は、本業務の内容を公表しないこと。"}};
  const int rows[] = {-1, -1, 0, 0, 1, 1, 1, 2, 2};
  for (size_t i = 2; i < d.doc.blocks.size(); ++i) {
    d.doc.blocks[i].in_table = true;
    d.doc.blocks[i].table = 0;
    d.doc.blocks[i].row = rows[i];
  }
  const auto c = d.split();
  ASSERT_EQ(c.size(), 9U);
  EXPECT_FALSE(c[3].is_heading) << "the header row has no number";
  EXPECT_TRUE(c[5].is_heading);
  EXPECT_EQ(c[6].heading, "安全管理措置");
  EXPECT_EQ(c[6].ref, "5.(4)");
  EXPECT_FALSE(c[8].is_heading) << "a sentence is never a heading";
  EXPECT_EQ(c[8].heading, "");
  EXPECT_EQ(c[8].ref, "5.(5)");
}

// 利用規約 number the paragraphs of an article 「1.」「2.」 on their own lines: 第N条第1項, never 「1.」.
TEST(Split, ParagraphsNumberedWithAFullStopUnderAnArticle) {
  const Doc d{{"", "サービス利用規約"},
              {"", "第6条(秘密保持)"},
              {"", "1. 当社は、知り得た情報を第三者に開示しません。"},
              {"", "2. 前項の義務は、契約終了後も存続します。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(c[2].ref, "第6条第1項");
  EXPECT_EQ(c[2].text, "当社は、知り得た情報を第三者に開示しません。");
  EXPECT_EQ(c[3].ref, "第6条第2項");
}

// A short 「(1) …」 is a title over its body in a 仕様書, but an item in an article and in a list of
// siblings (「(1) 業務責任者の氏名」「(2) 作業場所」).
TEST(Split, ShortItemsAreItemsInArticlesAndLists) {
  const Doc article{{"", "第2条 乙は、次に掲げる事項を甲に届け出なければならない。"},
                    {"", "(1) 業務責任者の氏名"},
                    {"", "(2) 作業場所"}};
  const auto a = article.split();
  ASSERT_EQ(a.size(), 3U);
  EXPECT_FALSE(a[1].is_heading);
  EXPECT_EQ(a[1].ref, "第2条第1号");
  EXPECT_FALSE(a[2].is_heading);
  const Doc spec{{"", "保守業務仕様書"},
                 {"", "3. 受注者の体制"},
                 {"", "(1) 業務責任者の配置"},
                 {"", "(2) 作業場所の届出"},
                 {"", "4. 報告"},
                 {"", "(1) 月次報告"},
                 {"", "受注者は、毎月の作業結果を報告すること。"}};
  const auto s = spec.split();
  ASSERT_EQ(s.size(), 7U);
  EXPECT_FALSE(s[2].is_heading);  // a list: (1) and (2) are items
  EXPECT_FALSE(s[3].is_heading);
  EXPECT_EQ(s[3].ref, "3.(2)");
  EXPECT_TRUE(s[5].is_heading);   // a title over the body that follows
  EXPECT_EQ(s[6].ref, "4.(1)");
}

// 「第2条の規定にかかわらず、…」 at the start of a line is a reference, not article 2.
TEST(Split, AReferenceAtTheStartOfALineIsNotAnArticle) {
  const Doc d{{"", "利用規約"},
              {"", "第4条(特例)"},
              {"", "第2条の規定にかかわらず、当社は、データを保存することがあります。"},
              {"", "第5条の2 当社は、通知します。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(c[2].ref, "第4条");
  EXPECT_EQ(c[2].text, "第2条の規定にかかわらず、当社は、データを保存することがあります。");
  EXPECT_EQ(c[3].ref, "第5条の2");
}

namespace {

// Marks blocks [first, first + cells.size()) as cells of table 0 at the given (row, column).
void as_table(Doc& d, size_t first, std::initializer_list<std::pair<int, int>> cells) {
  size_t i = first;
  for (const auto& [row, col] : cells) {
    core::Block& b = d.doc.blocks[i++];
    b.in_table = true;
    b.table = 0;
    b.row = row;
    b.col = col;
  }
}

std::vector<std::string> refs(const std::vector<core::Clause>& c) {
  std::vector<std::string> out;
  for (const core::Clause& x : c) {
    out.push_back(x.ref);
  }
  return out;
}

}  // namespace

// 個人情報取扱特記事項 number their articles 「第1」「第十」 without 条: cite 第2, 第2第1項.
TEST(Split, SpecialTermsNumberArticlesWithoutJo) {
  const Doc d{{"", "個人情報取扱特記事項"},
              {"", "第1 (基本的事項) 受託者は、預かった個人情報を大切に扱わなければならない。"},
              {"", "第2 (秘密の保持)"},
              {"", "1 受託者は、知り得た個人情報をほかの者に知らせてはならない。"},
              {"", "2 前項の定めは、契約が終わった後も効力を持つ。"},
              {"", "第3 作業場所の指定"},
              {"", "受託者は、委託者の指定する場所で作業しなければならない。"},
              {"", "第十 受託者は、事故があったときは直ちに報告しなければならない。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 8U);
  EXPECT_EQ(refs(c), (std::vector<std::string>{"", "第1", "第2", "第2第1項", "第2第2項", "第3", "第3", "第10"}));
  EXPECT_EQ(c[1].heading, "基本的事項");
  EXPECT_EQ(c[1].text, "受託者は、預かった個人情報を大切に扱わなければならない。");
  EXPECT_TRUE(c[2].is_heading);
  EXPECT_EQ(c[3].heading, "秘密の保持");
  EXPECT_EQ(c[6].heading, "作業場所の指定");
  EXPECT_EQ(c[7].text, "受託者は、事故があったときは直ちに報告しなければならない。");
}

// The same numbering in a 特記事項 annexed to a contract is cited under the annex's name; a 仕様書
// keeps reading 「第1 総則」 as a section.
TEST(Split, BareArticlesOnlyInSpecialTerms) {
  const Doc d{{"", "委託契約書"},
              {"", "第1条 乙は、誠実に業務を行わなければならない。"},
              {"", "別記"},
              {"", "情報セキュリティ特記事項"},
              {"", "第1 乙は、情報を持ち出してはならない。"},
              {"", "第2 乙は、事故を報告しなければならない。"}};
  const auto c = d.split();
  EXPECT_EQ(refs(c), (std::vector<std::string>{"", "第1条", "", "情報セキュリティ特記事項", "情報セキュリティ特記事項第1",
                                               "情報セキュリティ特記事項第2"}));
  const Doc spec{{"", "保守業務仕様書"}, {"", "第1 総則"}, {"", "1 受注者は、作業計画を出すこと。"}};
  const auto s = spec.split();
  EXPECT_TRUE(s[1].is_heading);
  EXPECT_EQ(s[1].ref, "第1") << "a section of the specification, not an article";
  EXPECT_EQ(s[1].heading, "総則");
}

// 利用規約 then プライバシーポリシー in one file: each under its own title, numbering restarting.
TEST(Split, ASecondDocumentIsCitedUnderItsTitle) {
  const Doc d{{"", "クラウド会計サービス利用規約"},
              {"", "第1条(適用) 本規約は、本サービスの利用に適用されます。"},
              {"", "第2条(秘密保持)"},
              {"", "1. 当社は、お預かりした情報を他に漏らしません。"},
              {"", "プライバシーポリシー"},
              {"", "第1条(取得する情報) 当社は、氏名及び連絡先を取得します。"},
              {"", "第2条(利用目的)"},
              {"", "1. 当社は、取得した情報をサービスの提供にのみ使います。"}};
  const auto c = d.split();
  EXPECT_EQ(refs(c), (std::vector<std::string>{"", "第1条", "第2条", "第2条第1項", "プライバシーポリシー",
                                               "プライバシーポリシー第1条",
                                               "プライバシーポリシー第2条", "プライバシーポリシー第2条第1項"}));
  EXPECT_TRUE(c[4].is_heading);
  EXPECT_EQ(c[5].annex, "プライバシーポリシー");
}

// 契約書, then 別記 特記事項, then 別紙 仕様書: three numberings, each cited under its document.
TEST(Split, ContractSpecialTermsAndSpecificationInOneFile) {
  const Doc d{{"", "窓口業務委託契約書"},
              {"", "第1条 受注者は、仕様書に従って業務を行うものとする。"},
              {"", "第2条 受注者は、業務の全部を他に任せてはならない。"},
              {"", "別記"},
              {"", "個人情報取扱特記事項"},
              {"", "第1条 受注者は、個人情報を複写してはならない。"},
              {"", "別紙"},
              {"", "窓口業務仕様書"},
              {"", "1. 業務の概要"},
              {"", "(1) 受注者は、来庁者の案内を行うこと。"},
              {"", "2. 報告"},
              {"", "(1) 受注者は、毎月の実績を報告すること。"}};
  const auto c = d.split();
  EXPECT_EQ(refs(c), (std::vector<std::string>{"", "第1条", "第2条", "", "個人情報取扱特記事項", "個人情報取扱特記事項第1条",
                                               "", "窓口業務仕様書",
                                               "窓口業務仕様書1.", "窓口業務仕様書1.(1)", "窓口業務仕様書2.",
                                               "窓口業務仕様書2.(1)"}));
}

// A table 「項目 | 内容」: the first cell heads the row; a cell 「再委託:不可。…」 heads itself.
TEST(Split, TableRowsAreClausesWithTheirHeadingAsTopic) {
  Doc d{{"", "委託業務の情報管理について"},
        {"", "項目"},
        {"", "内容"},
        {"", "再委託"},
        {"", "受託者は、あらかじめ承認を受けずに業務を他に出してはならない。"},
        {"", "持出し:不可。ただし、委託者が認めた場合を除く。"},
        {"", "事故報告"},
        {"", "受託者は、漏えいを知ったときは直ちに知らせること。"},
        {"", "受託者は、その後の対応も報告すること。"}};
  as_table(d, 1, {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {3, 0}, {3, 1}, {3, 1}});
  const auto c = d.split();
  ASSERT_EQ(c.size(), 9U);
  EXPECT_TRUE(c[3].is_heading);
  EXPECT_EQ(c[4].ref, "(再委託)");
  EXPECT_EQ(c[4].heading, "再委託");
  EXPECT_FALSE(c[4].is_heading);
  EXPECT_EQ(c[5].ref, "(持出し)");
  EXPECT_EQ(c[5].heading, "持出し");
  EXPECT_EQ(c[5].text, "不可。ただし、委託者が認めた場合を除く。");
  EXPECT_EQ(c[7].ref, "(事故報告)");
  EXPECT_EQ(c[8].ref, "(事故報告)");
  EXPECT_EQ(c[7].unit, c[8].unit);
  EXPECT_NE(c[4].unit, c[7].unit);
}

// A 特記事項 laid out entirely as a table 「番号 | 項目 | 内容」.
TEST(Split, SpecialTermsLaidOutAsATable) {
  Doc d{{"", "情報セキュリティ特記事項"},
        {"", "1"},
        {"", "秘密の保持"},
        {"", "乙は、業務上知った秘密を外に出してはならない。"},
        {"", "第2"},
        {"", "再委託"},
        {"", "乙は、甲の書面による承認なく再委託してはならない。"}};
  as_table(d, 1, {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}});
  const auto c = d.split();
  ASSERT_EQ(c.size(), 7U);
  EXPECT_EQ(c[3].ref, "第1");
  EXPECT_EQ(c[3].heading, "秘密の保持");
  EXPECT_TRUE(c[2].is_heading);
  EXPECT_EQ(c[6].ref, "第2");
  EXPECT_EQ(c[6].heading, "再委託");
}

// Unnumbered clauses under headings: cited by heading and position, 「(秘密の保持)第2段落」.
TEST(Split, UnnumberedClausesAreCitedByHeadingAndPosition) {
  const Doc d{{"", "データ保管サービスのご案内"},
              {"", "(秘密の保持)"},
              {"", "当社は、お客様のデータを他者に見せません。"},
              {"", "当社は、従業員にも同じ義務を守らせます。"},
              {"", "【再委託】"},
              {"", "当社は、保守の一部を他社に任せることがあります。"}};
  const auto c = d.split();
  EXPECT_EQ(refs(c), (std::vector<std::string>{"", "", "(秘密の保持)第1段落", "(秘密の保持)第2段落", "",
                                               "(再委託)第1段落"}));
  EXPECT_EQ(c[3].heading, "秘密の保持");
  EXPECT_TRUE(c[4].is_heading);
  EXPECT_EQ(c[5].heading, "再委託");
}

// After a 特記事項 table whose rows number the articles, a table of its own is not in the last article.
TEST(Split, ArticlesNumberedByTableRowsEndWithTheirTable) {
  Doc d{{"", "個人情報取扱特記事項"},
        {"", "1"},
        {"", "秘密の保持"},
        {"", "乙は、知り得た情報を漏らしてはならない。"},
        {"", "再委託:乙は、承認なく再委託してはならない。"}};
  as_table(d, 1, {{0, 0}, {0, 1}, {0, 2}, {0, 0}});
  d.doc.blocks[4].table = 1;
  const auto c = d.split();
  EXPECT_EQ(c[3].ref, "第1");
  EXPECT_EQ(c[4].ref, "(再委託)");
  EXPECT_EQ(c[4].heading, "再委託");
  EXPECT_EQ(c[4].text, "乙は、承認なく再委託してはならない。");
}

// Bullets under a lead-in are its items, cited with their position: 第5条第2項第3号, and under an
// unnumbered heading (秘密の保持)第2段落第2号; the paragraph after the list is the lead-in's again.
TEST(Split, BulletsAreCitedAsItemsOfTheirLeadIn) {
  const Doc d{{"", "業務委託契約書"},
              {"", "第5条 乙は、次に掲げる事項を遵守しなければならない。"},
              {"", "・個人情報を第三者に提供しないこと。"},
              {"", "2 乙は、次の対策を講じなければならない。"},
              {"", "・アクセスを記録すること。"},
              {"", "● 記録を保存すること。"},
              {"", "- 媒体を施錠保管すること。"},
              {"", "乙は、前項の対策を甲に報告する。"},
              {"", "第6条 乙は、次に掲げる事項を届け出なければならない。"},
              {"", "(1) 業務責任者"},
              {"", "・氏名"}};
  const auto c = d.split();
  EXPECT_EQ(refs(c), (std::vector<std::string>{"", "第5条", "第5条第1号", "第5条第2項", "第5条第2項第1号",
                                               "第5条第2項第2号", "第5条第2項第3号", "第5条第2項", "第6条",
                                               "第6条第1号", "第6条第1号"}));
  EXPECT_EQ(c[4].unit, c[3].unit);
  EXPECT_EQ(c[4].text, "・アクセスを記録すること。");  // the bullet stays in the text the analysis reads
  const Doc loose{{"", "データ保管サービスのご案内"},
                  {"", "(秘密の保持)"},
                  {"", "当社は、お客様のデータを他者に見せません。"},
                  {"", "当社は、次の対策を講じます。"},
                  {"", "・暗号化"},
                  {"", "・アクセス制御"},
                  {"", "当社は、従業員にも守らせます。"}};
  const auto l = loose.split();
  EXPECT_EQ(refs(l), (std::vector<std::string>{"", "", "(秘密の保持)第1段落", "(秘密の保持)第2段落",
                                               "(秘密の保持)第2段落第1号", "(秘密の保持)第2段落第2号",
                                               "(秘密の保持)第3段落"}));
  EXPECT_EQ(l[5].unit, l[3].unit);
}

// A 特記事項 laid out as a numbered list of sentences outside any article: each number is a provision
// of its own, cited by it, and its text is read without the number.
TEST(Split, NumberedSentencesOutsideArticlesAreProvisions) {
  const Doc d{{"", "情報セキュリティ特記事項"},
              {"", "乙は、次の事項を遵守する。"},
              {"", "1. 乙は、運用責任者を定め甲に届け出ること。"},
              {"", "2. 乙は、毎月、管理状況を甲に報告すること。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(c[2].ref, "1.");
  EXPECT_EQ(c[3].ref, "2.");
  EXPECT_EQ(c[3].text, "乙は、毎月、管理状況を甲に報告すること。");
}

// 仕様書 items numbered by section and item 「6-4」 are provisions of their own, cited as written.
TEST(Split, ItemsNumberedSectionDashItemAreCitedSo) {
  const Doc d{{"", "市税システム運用保守業務委託仕様書"},
              {"", "6　情報セキュリティ"},
              {"", "6-1　受託者は、市の情報セキュリティポリシーを遵守すること。"},
              {"", "6-2　受託者は、本業務の内容を外部に公表しないこと。"},
              {"", "7　検査"},
              {"", "7-1　市は、提出物を検査する。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 6U);
  EXPECT_EQ(c[2].ref, "6-1");
  EXPECT_EQ(c[3].ref, "6-2");
  EXPECT_NE(c[3].unit, c[2].unit);
  EXPECT_EQ(c[3].text, "受託者は、本業務の内容を外部に公表しないこと。");
  EXPECT_EQ(c[5].ref, "7-1");
}

// 「第8条　秘密の保持」 over its paragraphs: the words after the number are the article's title.
TEST(Split, AnArticleTitleWithoutBracketsIsATitle) {
  const Doc d{{"", "情報セキュリティ特記事項"},
              {"", "第8条　秘密の保持"},
              {"", "1　受託者は、知り得た情報を第三者に開示してはならない。"},
              {"", "第9条　受託者は、事故を直ちに報告しなければならない。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 4U);
  EXPECT_TRUE(c[1].is_heading);
  EXPECT_EQ(c[2].heading, "秘密の保持");
  EXPECT_EQ(c[2].ref, "第8条第1項");
  EXPECT_FALSE(c[3].is_heading);  // a sentence after the number is the article's text
  EXPECT_EQ(c[3].text, "受託者は、事故を直ちに報告しなければならない。");
}

// 遵守事項 written as lines 「13　周知：…。」 (normalised to 「:」): each line a provision cited by its
// number, headed by its topic.
TEST(Split, NumberedLinesOfAnAnnexAreProvisions) {
  const Doc d{{"", "業務委託契約書"},
              {"", "第1条 受託者は、別記を守らなければならない。"},
              {"", "別記　情報セキュリティ遵守事項"},
              {"", "1　基本事項:受託者は、委託者のポリシーを遵守すること。"},
              {"", "2　周知:受託者は、従事者に本遵守事項を周知すること。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 5U);
  EXPECT_NE(c[4].unit, c[3].unit);
  EXPECT_NE(c[3].unit, c[1].unit);
  EXPECT_EQ(c[4].heading, "周知");
  EXPECT_NE(c[4].ref.find("2"), std::string::npos);
  EXPECT_EQ(c[4].ref.find("第1条"), std::string::npos);
}

// 「7.1」 numbers item 1 of section 7 as 「7-1」 does.
TEST(Split, ItemsNumberedSectionDotItemAreCitedSo) {
  const Doc d{{"", "SNS運用業務仕様書"},
              {"", "7　報告及び調査"},
              {"", "7.1　受託事業者は、3か月に1回点検し、その結果を市に報告すること。"},
              {"", "7.2　受託事業者は、事故が起きたときは、市に報告すること。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(c[2].ref, "7.1");
  EXPECT_EQ(c[3].ref, "7.2");
  EXPECT_NE(c[3].unit, c[2].unit);
}

// 「3-2　事業者情報の提出」, its lead-in, then 「(1) …」: items of item 3-2, in its unit.
TEST(Split, ItemsUnderADashItemAreCitedUnderIt) {
  const Doc d{{"", "業務委託仕様書"},
              {"", "3　受託事業者の要件"},
              {"", "3-1　受託者は、ISMS認証を取得していること。"},
              {"", "3-2　事業者情報の提出"},
              {"", "契約締結に当たり、次の事項を記載した書面を本市へ提出すること。"},
              {"", "(1) 受託事業者の資本関係及び役員"},
              {"", "(2) 従事者の国籍"},
              {"", "3-3　受託者は、業務責任者を定めること。"}};
  const auto c = d.split();
  ASSERT_EQ(c.size(), 8U);
  EXPECT_EQ(c[4].ref, "3-2");
  EXPECT_EQ(c[5].ref, "3-2(1)");
  EXPECT_EQ(c[6].ref, "3-2(2)");
  EXPECT_EQ(c[5].unit, c[4].unit);
  EXPECT_EQ(c[7].ref, "3-3");
  EXPECT_NE(c[7].unit, c[4].unit);
}
