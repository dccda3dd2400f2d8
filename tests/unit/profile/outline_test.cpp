// The numbering parser: labels, the hierarchy they make, references as policies write them, and the
// repair of PDF-extracted text.
#include <profile/outline.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using keiyaku::profile::Label;
using keiyaku::profile::LabelKind;
using keiyaku::profile::Outline;
using keiyaku::profile::parse_label;
using keiyaku::profile::parse_outline;
using keiyaku::profile::reference;
using keiyaku::profile::repair_duplicates;
using keiyaku::profile::sentences;

namespace {

struct Parsed {
  LabelKind kind;
  std::string text;
  std::string rest;
};

Parsed label_of(const std::string& line, bool in_article = false) {
  Label l;
  const size_t n = parse_label(line, in_article, l);
  EXPECT_GT(n, 0U) << line;
  return {l.kind, l.text, line.substr(n)};
}

bool no_label(const std::string& line, bool in_article = false) {
  Label l;
  return parse_label(line, in_article, l) == 0;
}

// ref → first paragraph of every unit, for compact expectations.
std::map<std::string, std::string> units(const Outline& o) {
  std::map<std::string, std::string> out;
  for (const auto& u : o.units) {
    out[u.ref] = u.paragraphs.empty() ? "" : u.paragraphs.front();
  }
  return out;
}

}  // namespace

TEST(ProfileLabel, EveryNumberingStyle) {
  EXPECT_EQ(label_of("第6条 第3条に定める脅威から").kind, LabelKind::article);
  EXPECT_EQ(label_of("第6条 第3条に定める脅威から").rest, "第3条に定める脅威から");
  EXPECT_EQ(label_of("第12条の2 乙は").text, "第12条の2");
  EXPECT_EQ(label_of("第1章 総則").kind, LabelKind::chapter);
  EXPECT_EQ(label_of("6 情報セキュリティ対策").kind, LabelKind::section);
  EXPECT_EQ(label_of("6.情報セキュリティ対策").kind, LabelKind::section);
  EXPECT_EQ(label_of("2 本基本方針が対象とする", true).kind, LabelKind::paragraph);
  EXPECT_EQ(label_of("5.8.1 委託先の選定").text, "5.8.1");
  EXPECT_EQ(label_of("5.8.1 委託先の選定").rest, "委託先の選定");
  EXPECT_EQ(label_of("(8) 業務委託を行う場合には").text, "(8)");
  EXPECT_EQ(label_of("8) 業務委託").kind, LabelKind::half_paren);
  EXPECT_EQ(label_of("①マイナンバー利用事務系においては").kind, LabelKind::circled);
  EXPECT_EQ(label_of("①マイナンバー利用事務系においては").rest, "マイナンバー利用事務系においては");
  EXPECT_EQ(label_of("ア マイナンバー利用事務系").kind, LabelKind::katakana);
  EXPECT_EQ(label_of("ロ LGWAN接続系").text, "ロ");
  EXPECT_EQ(label_of("(イ) 外部サービス").kind, LabelKind::paren_katakana);
  EXPECT_EQ(label_of("(b) cloud").kind, LabelKind::paren_alpha);
  EXPECT_EQ(label_of("八 業務委託を行う場合").kind, LabelKind::kanji_item);
  EXPECT_EQ(label_of("附則").kind, LabelKind::supplement);
  EXPECT_EQ(label_of("第6 情報セキュリティ対策").kind, LabelKind::dai);
  EXPECT_EQ(label_of("(三) 外部サービス").kind, LabelKind::paren_kanji);
  EXPECT_EQ(label_of("イ) 外部サービス").kind, LabelKind::katakana);
}

TEST(ProfileLabel, TextThatOnlyLooksNumbered) {
  EXPECT_TRUE(no_label("2026年4月1日から施行する。"));
  EXPECT_TRUE(no_label("第3条に定める脅威から情報資産を保護する"));  // a continuation, no space
  EXPECT_TRUE(no_label("サービスの利用の対価として"));              // a word, not ア/イ
  EXPECT_TRUE(no_label("一部を再委託する"));
  EXPECT_TRUE(no_label("(目的)"));
  EXPECT_TRUE(no_label("附則第2項の規定にかかわらず"));
}

TEST(ProfileReference, AsThePolicyNumbersIt) {
  auto ref = [](std::initializer_list<std::string> lines) {
    std::vector<Label> path;
    bool in_article = false;
    for (const std::string& l : lines) {
      Label x;
      EXPECT_GT(parse_label(l + " x", in_article, x), 0U) << l;
      in_article = in_article || x.kind == LabelKind::article;
      path.push_back(x);
    }
    return reference(path);
  };
  EXPECT_EQ(ref({"第6条", "(8)"}), "第6条(8)");
  EXPECT_EQ(ref({"第6条", "八"}), "第6条第8号");
  EXPECT_EQ(ref({"第4条", "2"}), "第4条第2項");
  EXPECT_EQ(ref({"第5条", "二", "イ"}), "第5条第2号イ");
  EXPECT_EQ(ref({"7", "(8)", "ア"}), "7(8)ア");
  EXPECT_EQ(ref({"6.", "(3)", "①"}), "6(3)①");
  EXPECT_EQ(ref({"5", "5.8", "5.8.1", "(2)"}), "5.8.1(2)");
  EXPECT_EQ(ref({"第2章", "第6条", "(8)"}), "第6条(8)");
  EXPECT_EQ(ref({"一", "イ"}), "一イ");  // 号 outside an article stays as written
  EXPECT_EQ(ref({"第2", "1", "(1)"}), "第2の1(1)");
  EXPECT_EQ(ref({"第6", "(8)"}), "第6(8)");
}

TEST(ProfileOutline, HierarchyFollowsTheNumbering) {
  const Outline o = parse_outline(
      "(目的)\n"
      "第1条 この方針は、目的を定める。\n"
      "第4条 本方針は、議員等に適用する。\n"
      "2 本方針が対象とする情報資産は、次のとおりとする。\n"
      "(1) ネットワーク\n"
      "第6条 次の対策を講じる。\n"
      "(3) 次の3段階の対策を講じること。\n"
      "ア マイナンバー利用事務系においては、住民情報の流出を防ぐ。\n"
      "イ LGWAN接続系においては、通信経路を分割する。\n"
      "(4) 物理的な対策を講じること。\n");
  const auto u = units(o);
  ASSERT_EQ(o.units.size(), 9U);
  EXPECT_EQ(o.units[0].ref, "第1条");
  EXPECT_EQ(o.units[0].heading, "目的");
  EXPECT_EQ(u.at("第4条第2項"), "本方針が対象とする情報資産は、次のとおりとする。");
  EXPECT_EQ(o.units[3].ref, "第4条第2項(1)");
  EXPECT_EQ(o.units[3].heading, "ネットワーク");  // a short item with no sentence: its title
  EXPECT_EQ(u.at("第6条(3)イ"), "LGWAN接続系においては、通信経路を分割する。");
  EXPECT_EQ(u.at("第6条(4)"), "物理的な対策を講じること。");
  // Parents: (4) is back under 第6条, not under (3)ア.
  const auto& four = o.units.back();
  ASSERT_GE(four.parent, 0);
  EXPECT_EQ(o.units[static_cast<size_t>(four.parent)].ref, "第6条");
  EXPECT_EQ(o.units[6].line, 8);
}

TEST(ProfileOutline, MarkdownFullWidthAndTableOfContents) {
  const Outline o = parse_outline(
      "## ○南陽市情報セキュリティ規則\n"
      "目 次\n"
      "６ 情報セキュリティ対策..........２\n"
      "### ６ 情報セキュリティ対策\n"
      "#### （８） 業務委託と外部サービスの利用\n"
      "  - ア　業務委託を行う場合には、委託事業者を選定する。\n"
      "  - イ　外部サービスを利用する場合には、規定を整備する。\n"
      "- 1 -\n");
  ASSERT_EQ(o.front.size(), 2U);
  EXPECT_EQ(o.front[0], "南陽市情報セキュリティ規則");
  EXPECT_EQ(o.front[1], "目次");
  ASSERT_EQ(o.units.size(), 4U);  // the table-of-contents line and the page number are dropped
  EXPECT_EQ(o.units[1].ref, "6(8)");
  EXPECT_EQ(o.units[1].heading, "業務委託と外部サービスの利用");
  EXPECT_EQ(o.units[3].ref, "6(8)イ");
  EXPECT_EQ(o.units[3].paragraphs.at(0), "外部サービスを利用する場合には、規定を整備する。");
}

TEST(ProfileOutline, LinesBrokenInsideASentenceAreJoined) {
  const Outline o = parse_outline(
      "(10) ソーシャルメディアサービスを利用する場合には、運用手順を定め、利用するソーシャルメ\n"
      "\n"
      "ディサービスごとの責任者を定めること。\n"
      "(11) 短い見出し\n"
      "本文は次の行から始まる。\n"
      "(13) ASP 特定又は不特定多数の利用者が必要とする機能をネットワークを介して提供し、サ\n"
      "\n"
      "サービスの利用の対価を受け取る事業者をいう。\n");
  ASSERT_EQ(o.units.size(), 3U);
  ASSERT_EQ(o.units[0].paragraphs.size(), 1U);
  // The variant table folds the PDF's ソーシャルメディサービス once the word is whole again.
  EXPECT_EQ(o.units[0].paragraphs[0],
            "ソーシャルメディアサービスを利用する場合には、運用手順を定め、利用するソーシャルメディアサービスごとの責任者を定めること。");
  EXPECT_EQ(o.units[1].heading, "短い見出し");
  EXPECT_EQ(o.units[1].paragraphs.at(0), "本文は次の行から始まる。");
  EXPECT_NE(o.units[2].paragraphs.at(0).find("提供し、サービスの利用の対価"), std::string::npos)
      << o.units[2].paragraphs.at(0);
}

TEST(ProfileOutline, SpacedLettersAndDuplicatedWords) {
  const Outline o = parse_outline(
      "②L G W A N接続系においては、通信経路を分割する。\n"
      "③自己点検を実施し、向上を図るものとするものとする。見直しを行うことこと。\n");
  ASSERT_EQ(o.units.size(), 2U);
  EXPECT_EQ(o.units[0].paragraphs.at(0), "LGWAN接続系においては、通信経路を分割する。");
  EXPECT_EQ(o.units[1].paragraphs.at(0), "自己点検を実施し、向上を図るものとする。見直しを行うこと。");
}

TEST(ProfileRepair, KeepsWhatIsNotADuplicate) {
  EXPECT_EQ(repair_duplicates("それぞれの責任者"), "それぞれの責任者");
  EXPECT_EQ(repair_duplicates("情報資産情報資産の管理"), "情報資産の管理");
  EXPECT_EQ(repair_duplicates("----"), "----");
  EXPECT_EQ(repair_duplicates("20202020年"), "20202020年");
}

TEST(ProfileSentences, SplitAfterMaruOutsideBrackets) {
  const auto s = sentences("外部サービス(クラウドサービスを含む。)を利用する。また、「規定。」を整備する。残り");
  ASSERT_EQ(s.size(), 3U);
  EXPECT_EQ(s[0], "外部サービス(クラウドサービスを含む。)を利用する。");
  EXPECT_EQ(s[1], "また、「規定。」を整備する。");
  EXPECT_EQ(s[2], "残り");
}
