#include <match/anchors.hpp>
#include <match/engine.hpp>

#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace keiyaku;

namespace {

core::Token tok(std::string surface, std::string lemma, core::Pos pos) {
  core::Token t;
  t.surface = std::move(surface);
  t.lemma = std::move(lemma);
  t.pos = pos;
  return t;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string from_euc_jp(const std::string& in) {
  iconv_t cd = iconv_open("UTF-8", "EUC-JP");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return {};
  }
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  const size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) {
    return {};
  }
  out.resize(out.size() - dst_left);
  return out;
}

}  // namespace

TEST(SurfaceForms, ConjugatingWords) {
  const auto suru = match::surface_forms("報告する");
  EXPECT_TRUE(contains(suru, "報告し"));
  EXPECT_TRUE(contains(suru, "報告さ"));
  EXPECT_TRUE(contains(suru, "報告する"));
  EXPECT_TRUE(contains(suru, "報告すれ"));
  EXPECT_FALSE(contains(suru, "報告"));
  const auto godan = match::surface_forms("従う");
  for (const char* f : {"従い", "従う", "従え", "従お", "従っ", "従わ"}) {
    EXPECT_TRUE(contains(godan, f)) << f;
  }
  // 一段: the stem alone is a form (定めた, 定めない).
  EXPECT_TRUE(contains(match::surface_forms("定める"), "定め"));
  EXPECT_TRUE(contains(match::surface_forms("ない"), "なけれ"));
  EXPECT_TRUE(match::surface_forms("らむ").empty());
}

// Every conjugating entry of the installed IPAdic source (EUC-JP CSV, package mecab-ipadic) is one
// of the forms surface_forms() gives for its lemma: the table cannot miss a spelling MeCab reads.
TEST(SurfaceForms, CoverEveryConjugatingEntryOfIpadic) {
  const std::filesystem::path dir = "/usr/share/mecab/dic/ipadic";
  if (!std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << dir << " not installed";
  }
  size_t rows = 0;
  std::vector<std::string> missed;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = from_euc_jp(buf.str());
    ASSERT_FALSE(text.empty()) << entry.path();
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      std::vector<std::string> col;
      std::stringstream fields(line);
      std::string f;
      while (std::getline(fields, f, ',')) {
        col.push_back(f);
      }
      if (col.size() < 11 || (col[4] != "動詞" && col[4] != "形容詞" && col[4] != "助動詞") || col[10] == "*") {
        continue;
      }
      ++rows;
      if (!contains(match::surface_forms(col[10]), col[0]) && missed.size() < 20) {
        missed.push_back(col[0] + " (" + col[10] + ")");
      }
    }
  }
  EXPECT_GT(rows, 150000U);
  EXPECT_TRUE(missed.empty()) << missed.front() << " and " << missed.size() - 1 << " more";
}

TEST(TermAnchors, RunsAreProductsOfForms) {
  using core::Pos;
  // 「報告した」 as lemmas 「報告するた」: one run whose alternatives include the written form.
  const auto runs = match::term_anchors({tok("報告", "報告", Pos::noun), tok("し", "する", Pos::verb),
                                         tok("た", "た", Pos::auxiliary)});
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_TRUE(contains(runs[0], "報告した"));
  EXPECT_TRUE(contains(runs[0], "報告すれた"));
  EXPECT_FALSE(contains(runs[0], "報告"));
  // 「しないこと」: the product of する's and ない's forms is too large for one run, so the term
  // needs two, both of which a matching sentence shows.
  const auto split = match::term_anchors({tok("し", "する", Pos::verb), tok("ない", "ない", Pos::auxiliary),
                                          tok("こと", "こと", Pos::noun)});
  ASSERT_EQ(split.size(), 2U);
  EXPECT_TRUE(contains(split[0], "し"));
  EXPECT_TRUE(contains(split[1], "ないこと"));
  EXPECT_FALSE(contains(split[1], "こと"));
  // Words spelt as their lemma are kept whole.
  const auto noun = match::term_anchors({tok("再委託", "再委託", Pos::noun)});
  ASSERT_EQ(noun.size(), 1U);
  EXPECT_EQ(noun[0], std::vector<std::string>{"再委託"});
  // に従って (read as に従う): only the shared part 「に従」 is certain, and it ends the run.
  const auto particle = match::term_anchors({tok("これ", "これ", Pos::noun), tok("に従って", "に従って", Pos::particle),
                                             tok("行う", "行う", Pos::verb)});
  ASSERT_EQ(particle.size(), 2U);
  EXPECT_EQ(particle[0], std::vector<std::string>{"これに従"});
  EXPECT_TRUE(contains(particle[1], "行わ"));
  // A lone auxiliary has no certain part of its own beyond its forms; an unknown ending has none.
  EXPECT_TRUE(match::term_anchors({tok("らむ", "らむ", Pos::auxiliary)}).empty());
}

namespace {

// Words from a fixed list, longest first, with their lemma and part of speech; any other character
// is a one-character noun. Counts its calls.
class ListTokenizer : public core::Tokenizer {
 public:
  struct Word {
    std::string surface, lemma;
    core::Pos pos;
  };
  explicit ListTokenizer(std::vector<Word> words) : m_words(std::move(words)) {
    std::sort(m_words.begin(), m_words.end(), [](const Word& a, const Word& b) { return a.surface.size() > b.surface.size(); });
  }
  std::vector<core::Token> tokenize(std::string_view text) const override {
    ++calls;
    std::vector<core::Token> out;
    for (size_t i = 0; i < text.size();) {
      const Word* w = nullptr;
      for (const Word& x : m_words) {
        if (text.substr(i).starts_with(x.surface)) {
          w = &x;
          break;
        }
      }
      core::Token t;
      t.begin = static_cast<uint32_t>(i);
      if (w != nullptr) {
        t.surface = w->surface;
        t.lemma = w->lemma;
        t.pos = w->pos;
        i += w->surface.size();
      } else {
        size_t n = 1;
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) {
          ++n;
        }
        t.surface = std::string(text.substr(i, n));
        t.lemma = t.surface;
        t.pos = core::Pos::noun;
        i += n;
      }
      t.end = static_cast<uint32_t>(i);
      out.push_back(std::move(t));
    }
    return out;
  }
  std::string describe() const override { return "list"; }
  mutable std::atomic<int> calls{0};

 private:
  std::vector<Word> m_words;
};

}  // namespace

// The matcher finds a term written in a conjugated form (via the lemmas) and tokenises only the
// sentences that show an anchor of a term they do not already contain.
TEST(TermAnchors, EngineTokenisesOnlySentencesThatNeedLemmas) {
  using core::Pos;
  ListTokenizer tokenizer({{"報告し", "報告する", Pos::verb},
                           {"報告する", "報告する", Pos::verb},
                           {"なけれ", "ない", Pos::auxiliary},
                           {"なら", "なる", Pos::verb},
                           {"ない", "ない", Pos::auxiliary}});
  core::RuleSpec spec;
  spec.id = "OUT-99";
  spec.family = "outsourcing";
  spec.kind = core::RuleKind::duty;
  spec.actor = core::Actor::vendor;
  spec.topic = {{"事故"}, {"報告する"}};
  auto rules = match::RuleSet::compile({spec}, tokenizer, [](std::string_view s) { return std::string(s); });
  ASSERT_TRUE(rules.has_value());
  const int after_compile = tokenizer.calls.load();

  // Conjugated: only the lemmas show 「報告する」, so the sentence is tokenised and satisfies it.
  EXPECT_EQ(rules->evaluate_example(0, "乙は、事故が発生したときは、直ちに甲に報告しなければならない。").first, "satisfied");
  EXPECT_EQ(tokenizer.calls.load(), after_compile + 1);
  // Written in the base form: the text shows the term, no tokenising.
  EXPECT_EQ(rules->evaluate_example(0, "乙は、事故が発生したときは、直ちに甲に報告するものとする。").first, "satisfied");
  EXPECT_EQ(tokenizer.calls.load(), after_compile + 1);
  // No anchor at all (報告書 is not a form of 報告する): no tokenising, and the verdict stands.
  EXPECT_EQ(rules->evaluate_example(0, "乙は、事故の報告書を保管する。").first, "missing");
  EXPECT_EQ(tokenizer.calls.load(), after_compile + 1);
  // An anchor, but the rule's other topic group (事故) is absent: whatever the lemmas hold, the
  // sentence cannot be about the rule, so it is not tokenised.
  EXPECT_EQ(rules->evaluate_example(0, "乙は、作業の結果を甲に報告しなければならない。").first, "missing");
  EXPECT_EQ(tokenizer.calls.load(), after_compile + 1);
}
