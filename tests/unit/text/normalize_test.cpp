#include <base/strings.hpp>
#include <gtest/gtest.h>
#include <text/normalize.hpp>

#include <random>
#include <string>
#include <string_view>

namespace keiyaku::text {
namespace {

std::string norm(std::string_view s) { return normalize(s).text; }

/// The original text of the first occurrence of `needle` in the normalised text.
std::string original_of(std::string_view original, std::string_view needle) {
  const Normalized n = normalize(original);
  const size_t at = n.text.find(needle);
  if (at == std::string::npos) {
    return "<not found: " + n.text + ">";
  }
  const ByteRange r = n.original_range(static_cast<uint32_t>(at),
                                       static_cast<uint32_t>(at + needle.size()));
  return std::string(original.substr(r.begin, r.end - r.begin));
}

/// Invariants that must hold for any input.
void expect_well_formed(std::string_view original, const Normalized& n) {
  SCOPED_TRACE(std::string(original));
  ASSERT_EQ(n.to_original.size(), n.text.size() + 1);
  EXPECT_TRUE(str::valid_utf8(n.text));
  // Text dropped at the very start (a BOM, a zero-width space) is before offset 0.
  EXPECT_TRUE(n.to_original.front() == 0 ||
              (!n.removed.empty() && n.removed.front().begin == 0 &&
               n.removed.front().end == n.to_original.front()));
  EXPECT_EQ(n.to_original.back(), original.size());
  for (size_t i = 1; i < n.to_original.size(); ++i) {
    ASSERT_LE(n.to_original[i - 1], n.to_original[i]) << "at " << i;
  }
  for (size_t i = 1; i < n.removed.size(); ++i) {
    EXPECT_LT(n.removed[i - 1].end, n.removed[i].begin);
  }
  // Every normalised character comes from some original text.
  for (size_t i = 0; i < n.text.size();) {
    const size_t start = i;
    str::next_cp(n.text, i);
    const ByteRange r =
        n.original_range(static_cast<uint32_t>(start), static_cast<uint32_t>(i));
    EXPECT_LT(r.begin, r.end) << "character at " << start;
    EXPECT_LE(r.end, original.size());
  }
}

TEST(Normalize, EmptyInput) {
  const Normalized n = normalize("");
  EXPECT_EQ(n.text, "");
  ASSERT_EQ(n.to_original.size(), 1U);
  EXPECT_EQ(n.to_original[0], 0U);
  EXPECT_EQ(n.original_range(0, 0), (ByteRange{0, 0}));
}

TEST(Normalize, NfkcWidths) {
  EXPECT_EQ(norm("ＩＳＭＳ認証"), "ISMS認証");
  EXPECT_EQ(norm("（１）ＵＳＢメモリ"), "(1)USBメモリ");
  EXPECT_EQ(norm("ｱｸｾｽﾛｸﾞ"), "アクセスログ");
  EXPECT_EQ(norm("ﾃﾞｰﾀ"), "データ");
  EXPECT_EQ(norm("㈱みなと"), "(株)みなと");
  EXPECT_EQ(norm("⑴"), "(1)");
}

TEST(Normalize, KeepsJapanesePunctuationAndCircledNumbers) {
  EXPECT_EQ(norm("甲は、「乙」とする。"), "甲は、「乙」とする。");
  EXPECT_EQ(norm("｢乙｣､｡"), "「乙」、。");
  EXPECT_EQ(norm("①マイナンバー利用事務系"), "①マイナンバー利用事務系");
  EXPECT_EQ(norm("㉑"), "㉑");
}

TEST(Normalize, NfkcOffsets) {
  const std::string original = "ＩＳＭＳ認証";
  EXPECT_EQ(original_of(original, "ISMS"), "ＩＳＭＳ");
  EXPECT_EQ(original_of(original, "S"), "Ｓ");
  EXPECT_EQ(original_of(original, "認証"), "認証");
  EXPECT_EQ(original_of("ﾃﾞｰﾀ", "デ"), "ﾃﾞ");
  // A character inside an expansion quotes the whole source character.
  EXPECT_EQ(original_of("㈱みなと", "株"), "㈱");
}

TEST(Normalize, SpacedLatinLetters) {
  EXPECT_EQ(norm("L G W A N接続系"), "LGWAN接続系");
  EXPECT_EQ(norm("②L G W A Nと接続する"), "②LGWANと接続する");
  EXPECT_EQ(norm("I S M A Pに登録"), "ISMAPに登録");
  EXPECT_EQ(norm("Ｌ　Ｇ　Ｗ　Ａ　Ｎ"), "LGWAN");
  EXPECT_EQ(norm("I D"), "ID");
  // Words and single letters next to words stay apart.
  EXPECT_EQ(norm("Plan A is"), "Plan A is");
  EXPECT_EQ(norm("ID and PW"), "ID and PW");
  EXPECT_EQ(norm("A 12"), "A 12");
  EXPECT_EQ(norm("L  G"), "L  G");
  EXPECT_EQ(norm("LGWAN 接続系"), "LGWAN接続系");
  EXPECT_EQ(norm("L G W A N 接続系"), "LGWAN接続系");
  EXPECT_EQ(norm("ASP のサービス"), "ASPのサービス");
  // After a digit the space ends a paragraph number; two spaces are layout.
  EXPECT_EQ(norm("２　乙は"), "2 乙は");
  EXPECT_EQ(norm("LGWAN  接続系"), "LGWAN  接続系");
  EXPECT_EQ(norm("接続系 LGWAN"), "接続系 LGWAN");
  EXPECT_EQ(original_of("②L G W A N接続系", "LGWAN接続系"), "L G W A N接続系");
  EXPECT_EQ(original_of("L G W A N", "LG"), "L G");
}

TEST(Normalize, SpacedKanji) {
  EXPECT_EQ(norm("土 浦 市"), "土浦市");
  EXPECT_EQ(norm("目 次\n\n第1章"), "目次\n\n第1章");
  EXPECT_EQ(norm("附　則"), "附則");
  EXPECT_EQ(norm("契　約　書"), "契約書");
  // Spaces between longer words are structure, not artefacts.
  EXPECT_EQ(norm("第1条　甲は、"), "第1条 甲は、");
  EXPECT_EQ(norm("甲　北浜市中央一丁目"), "甲 北浜市中央一丁目");
  EXPECT_EQ(norm("北浜市長　山田　太郎"), "北浜市長 山田 太郎");
  EXPECT_EQ(norm("ア　本仕様書は"), "ア 本仕様書は");
  EXPECT_EQ(norm("(1) ネットワーク コンピュータ等"), "(1) ネットワーク コンピュータ等");
  EXPECT_EQ(original_of("土 浦 市役所", "土浦"), "土 浦");
}

TEST(Normalize, LineBreaksInsideWords) {
  const std::string wrapped =
      "(10) ソーシャルメディアサービスを利用する場合には、運用手順を定め、利用するソーシャルメ\n\n"
      "ディサービスごとの責任者を定めること。";
  const Normalized n = normalize(wrapped);
  EXPECT_NE(n.text.find("ソーシャルメディアサービスごとの責任者"), std::string::npos) << n.text;
  EXPECT_EQ(n.text.find('\n'), std::string::npos);
  // The span of the word quotes the original with its break; the span before the break does not
  // end with the dropped newlines.
  EXPECT_EQ(original_of(wrapped, "利用するソーシャルメディア"), "利用するソーシャルメ\n\nディ");
  const size_t at = n.text.find("利用するソーシャルメ");
  const ByteRange r = n.original_range(static_cast<uint32_t>(at),
                                       static_cast<uint32_t>(at + std::string("利用するソーシャルメ").size()));
  EXPECT_EQ(wrapped.substr(r.begin, r.end - r.begin), "利用するソーシャルメ");
}

TEST(Normalize, LineBreaksAfterShortLinesStay) {
  EXPECT_EQ(norm("情報セキュリティ基本方針\n\n令和8年3月"), "情報セキュリティ基本方針\n\n令和8年3月");
  EXPECT_EQ(norm("### (1) ネットワーク\n\nコンピュータ等を相互に接続する"),
            "### (1) ネットワーク\n\nコンピュータ等を相互に接続する");
  // A long line that ends a sentence is not joined either.
  const std::string sentence =
      "本基本方針は、本市が保有する情報資産の機密性、完全性及び可用性を維持することを目的とする。\n本市は";
  EXPECT_EQ(norm(sentence), sentence);
  // Latin on either side: not a word break of Japanese text.
  const std::string latin =
      "本基本方針は、本市が保有する情報資産の機密性、完全性及び可用性を維持するためのLGWAN\n接続系";
  EXPECT_EQ(norm(latin), latin);
}

TEST(Normalize, KanjiClauseNumbers) {
  EXPECT_EQ(norm("第十二条"), "第12条");
  EXPECT_EQ(norm("第三項"), "第3項");
  EXPECT_EQ(norm("第二号"), "第2号");
  EXPECT_EQ(norm("第一章第二節第三款"), "第1章第2節第3款");
  EXPECT_EQ(norm("第十二条第三項第二号"), "第12条第3項第2号");
  EXPECT_EQ(norm("第二十一条"), "第21条");
  EXPECT_EQ(norm("第百条"), "第100条");
  EXPECT_EQ(norm("第１２条"), "第12条");
  EXPECT_EQ(norm("第十二条の二"), "第12条の2");
  EXPECT_EQ(norm("第十二条の二の三"), "第12条の2の3");
  EXPECT_EQ(norm("第1条の二第1項"), "第1条の2第1項");
  EXPECT_EQ(norm("第十二条の二に定める"), "第12条の2に定める");
  EXPECT_EQ(norm("第十二条の規定"), "第12条の規定");
  EXPECT_EQ(original_of("第十二条の二", "12"), "十二");
  EXPECT_EQ(original_of("第十二条の二", "第12条の2"), "第十二条の二");
}

TEST(Normalize, OtherKanjiNumeralsStay) {
  EXPECT_EQ(norm("本業務の一部"), "本業務の一部");
  EXPECT_EQ(norm("一切の責任"), "一切の責任");
  EXPECT_EQ(norm("十分な教育"), "十分な教育");
  EXPECT_EQ(norm("第三者に提供"), "第三者に提供");
  EXPECT_EQ(norm("第二条の一部"), "第2条の一部");
  EXPECT_EQ(norm("第十二条の十分な"), "第12条の十分な");
  EXPECT_EQ(norm("第十十条"), "第十十条");
  EXPECT_EQ(norm("二〇二六年"), "二〇二六年");
}

TEST(Normalize, OrthographicVariants) {
  EXPECT_EQ(norm("個人情報を取り扱い"), "個人情報を取扱い");
  EXPECT_EQ(norm("取り扱う"), "取扱う");
  EXPECT_EQ(norm("個人情報取扱事務"), "個人情報取扱い事務");
  EXPECT_EQ(norm("取扱いについて"), "取扱いについて");
  EXPECT_EQ(norm("甲又は乙"), "甲又は乙");
  EXPECT_EQ(norm("甲または乙"), "甲又は乙");
  EXPECT_EQ(norm("甲および乙"), "甲及び乙");
  EXPECT_EQ(norm("漏洩、毀損及び改竄"), "漏えい、き損及び改ざん");
  EXPECT_EQ(norm("情報の持ち出し"), "情報の持出し");
  EXPECT_EQ(norm("持出不可設定"), "持出し不可設定");
  EXPECT_EQ(norm("立ち入り検査"), "立入り検査");
  EXPECT_EQ(norm("予めすみやかに"), "あらかじめ速やかに");
  EXPECT_EQ(norm("ただちに報告"), "直ちに報告");
  EXPECT_EQ(norm("Ｗｅｂサイト"), "ウェブサイト");
  EXPECT_EQ(norm("Webサイト"), "ウェブサイト");
  EXPECT_EQ(norm("2要素認証"), "二要素認証");
  EXPECT_EQ(norm("２段階認証"), "二段階認証");
  EXPECT_EQ(norm("利用にかかる規程"), "利用に係る規程");
  EXPECT_EQ(norm("12ヶ月分"), "12か月分");
  EXPECT_EQ(norm("データセンタ"), "データセンター");
  EXPECT_EQ(norm("データセンター"), "データセンター");
}

TEST(Normalize, DistinctWordsStayDistinct) {
  EXPECT_EQ(norm("利用に係る規定"), "利用に係る規定");
  EXPECT_EQ(norm("利用にかかる規程"), "利用に係る規程");
  EXPECT_EQ(norm("返却又は返還"), "返却又は返還");
  EXPECT_EQ(norm("廃棄又は破棄"), "廃棄又は破棄");
  EXPECT_EQ(norm("費用がかかる"), "費用がかかる");
  EXPECT_EQ(norm("かかる場合"), "かかる場合");
  EXPECT_EQ(norm("出来高"), "出来高");
  EXPECT_EQ(norm("ユーザビリティ"), "ユーザビリティ");
  EXPECT_EQ(norm("ユーザID"), "ユーザーID");
}

TEST(Normalize, VariantOffsetsQuoteTheOriginal) {
  const std::string original = "乙は、個人情報を取り扱い、又は";
  EXPECT_EQ(original_of(original, "取扱い"), "取り扱い");
  EXPECT_EQ(original_of(original, "取"), "取");
  EXPECT_EQ(original_of(original, "扱い"), "扱い");
  EXPECT_EQ(original_of("利用にかかる規程", "に"), "に");
  EXPECT_EQ(original_of("利用にかかる規程", "係る"), "かかる");
  EXPECT_EQ(original_of("利用にかかる規程", "に係る規程"), "にかかる規程");
  EXPECT_EQ(original_of("Ｗｅｂサイトに掲載", "ウェブサイト"), "Ｗｅｂサイト");
  EXPECT_EQ(original_of("ユーザの", "ユーザー"), "ユーザ");
  EXPECT_EQ(original_of("ユーザの", "の"), "の");
}

TEST(Normalize, InvisibleCharactersAndHyphens) {
  EXPECT_EQ(norm("再\u200B委託"), "再委託");
  EXPECT_EQ(norm("\xEF\xBB\xBF第1条"), "第1条");
  EXPECT_EQ(norm("ISMAP\u2010LIU"), "ISMAP-LIU");
  EXPECT_EQ(norm("葛\U000E0100城"), "葛城");
  EXPECT_EQ(original_of("再\u200B委託", "再委託"), "再\u200B委託");
  EXPECT_EQ(original_of("再\u200B委託", "再"), "再");
}

TEST(Normalize, IllFormedUtf8) {
  const std::string original = "\xFF再委託\xC3";
  const Normalized n = normalize(original);
  EXPECT_EQ(n.text, "\uFFFD再委託\uFFFD");
  expect_well_formed(original, n);
  EXPECT_EQ(original_of(original, "再委託"), "再委託");
}

TEST(Normalize, OffsetMapOnContractText) {
  const std::string original =
      "第十二条（再委託の禁止）　乙は、本業務の全部又は一部を第三者に委託してはならない。"
      "ただし、予め甲の書面による承諾を得た場合は、この限りでない。\n"
      "２　乙は、Ｌ　Ｇ　Ｗ　Ａ　Ｎ接続系の端末から個人情報を持ち出してはならない。";
  const Normalized n = normalize(original);
  expect_well_formed(original, n);
  EXPECT_EQ(n.text,
            "第12条(再委託の禁止) 乙は、本業務の全部又は一部を第三者に委託してはならない。"
            "ただし、あらかじめ甲の書面による承諾を得た場合は、この限りでない。\n"
            "2 乙は、LGWAN接続系の端末から個人情報を持出してはならない。");
  EXPECT_EQ(original_of(original, "第12条(再委託の禁止)"), "第十二条（再委託の禁止）");
  EXPECT_EQ(original_of(original, "あらかじめ甲の書面"), "予め甲の書面");
  EXPECT_EQ(original_of(original, "LGWAN接続系"), "Ｌ　Ｇ　Ｗ　Ａ　Ｎ接続系");
  EXPECT_EQ(original_of(original, "持出してはならない。"), "持ち出してはならない。");
  const uint32_t end = static_cast<uint32_t>(n.text.size());
  EXPECT_EQ(n.original_offset(end), original.size());
  EXPECT_EQ(n.original_offset(end + 100), original.size());
}

TEST(Normalize, FoldIsTheSamePipeline) {
  EXPECT_EQ(fold("取り扱い"), "取扱い");
  EXPECT_EQ(fold("ＬＧＷＡＮ"), "LGWAN");
  EXPECT_EQ(fold("第十二条"), "第12条");
  EXPECT_EQ(fold("Webサイト"), "ウェブサイト");
}

TEST(Normalize, VariantsCompletedByAReplacementAreFoldedToo) {
  EXPECT_EQ(norm("セキュリティー・ポリシー"), "セキュリティポリシー");
  EXPECT_EQ(norm("但書き"), "ただし書");
  EXPECT_EQ(norm("サーバーー"), "サーバ");
  EXPECT_EQ(original_of("乙のセキュリティー・ポリシー。", "セキュリティポリシー"), "セキュリティー・ポリシー");
}

TEST(Normalize, IdempotentOnSamples) {
  const char* samples[] = {
      "第十二条（再委託）乙は、予め甲の承諾を得て、取り扱いを再委託できる。",
      "L G W A N接続系及びＩＳＭＡＰ‐ＬＩＵ",
      "土 浦 市\n\n目 次",
      "ユーザの2要素認証は12ヶ月ごとに見直す。",
      "セキュリティー・ポリシーの但書き",
  };
  for (const char* s : samples) {
    const std::string once = norm(s);
    EXPECT_EQ(norm(once), once) << s;
  }
}

TEST(Normalize, RandomInputsKeepTheInvariants) {
  const char* pieces[] = {
      "第", "十", "二", "条", "の", "項", "一部", "取り扱い", "取扱", "または", "Ｗｅｂ", "サイト",
      " ", "　", "\n", "\n\n", "L", "G", " W", "ｱ", "ﾞ", "①", "㈱", "\xFF", "\xE3\x81", "\u200B",
      "\u2010", "漏洩", "あいうえおかきくけこさしすせそたちつてとなにぬねの", "。", "、", "ISMS",
      "にかかる", "ユーザ", "2要素認証", "\r\n", "A", "b", "9", "\U0001F600", "\xEF\xBF\xBD"};
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> length(0, 60);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int count = length(rng);
    for (int k = 0; k < count; ++k) {
      s += pieces[pick(rng)];
    }
    const Normalized n = normalize(s);
    expect_well_formed(s, n);
    if (HasFatalFailure() || HasNonfatalFailure()) {
      break;
    }
  }
}

}  // namespace
}  // namespace keiyaku::text

namespace keiyaku::text {
namespace {

// Issue 12 item 10: handles typed in full width are the same handles.
TEST(IdentifierKey, NfkcAndCaseFolding) {
  EXPECT_EQ(identifier_key("ｗａｋａｂａｎｏ＿ｃｉｔｙ", true), "wakabano_city");
  EXPECT_EQ(identifier_key("＠Ｗａｋａｂａｎｏ_City", true), "@wakabano_city");
  EXPECT_EQ(identifier_key("Ｗａｋａｂａｎｏ_City", false), "Wakabano_City");
  EXPECT_EQ(identifier_key("ＳＴＲＡẞＥ", true), "strasse");
  EXPECT_EQ(identifier_key("若葉野市", true), "若葉野市");
}

}  // namespace
}  // namespace keiyaku::text
