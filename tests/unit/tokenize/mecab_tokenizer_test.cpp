#include <base/file.hpp>
#include <base/strings.hpp>
#include <gtest/gtest.h>
#include <support/temp_dir.hpp>
#include <tokenize/mecab_tokenizer.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

// MeCab 0.996 leaks the tokenizer it was building when a dictionary fails to open
// (Tokenizer::open returns early without freeing it). BrokenUserDictionaryIsAnError takes that
// path on purpose; keep LeakSanitizer from reporting MeCab's own leak there.
extern "C" const char* __lsan_default_suppressions() {  // NOLINT
  return "leak:MeCab::Tokenizer<mecab_node_t, mecab_path_t>::open\n";
}

namespace keiyaku::tokenize {
namespace {

const std::string k_ipadic_utf8 = "/var/lib/mecab/dic/ipadic-utf8";

std::string user_dic_path() { return test::build_dir() + "/dictionaries/keiyaku-user.dic"; }

bool have_ipadic() { return std::filesystem::exists(k_ipadic_utf8 + "/sys.dic"); }

/// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) {
      m_old = old;
    }
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (m_old) {
      ::setenv(m_name, m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

class MecabTokenizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_ipadic()) {
      GTEST_SKIP() << "MeCab dictionary " << k_ipadic_utf8 << " is not installed";
    }
    MecabOptions options;
    options.system_dicdir = k_ipadic_utf8;
    options.user_dictionary = user_dic_path();
    auto loaded = load_mecab_tokenizer(options);
    ASSERT_TRUE(loaded.has_value()) << format_error(loaded.error());
    m_tokenizer = *loaded;
  }

  std::vector<core::Token> tokens(std::string_view text) const {
    return m_tokenizer->tokenize(text);
  }

  std::vector<std::string> lemmas(std::string_view text) const {
    std::vector<std::string> out;
    for (const core::Token& t : tokens(text)) {
      out.push_back(t.lemma);
    }
    return out;
  }

  /// The token whose surface is `surface`, or nullptr.
  static const core::Token* find(const std::vector<core::Token>& toks, std::string_view surface) {
    for (const core::Token& t : toks) {
      if (t.surface == surface) {
        return &t;
      }
    }
    return nullptr;
  }

  std::shared_ptr<const MecabTokenizer> m_tokenizer;
};

TEST_F(MecabTokenizerTest, LoadsIpadicUtf8NotAnotherDictionary) {
  const DictionaryInfo& info = m_tokenizer->info();
  EXPECT_EQ(info.name, "ipadic-utf8");
  EXPECT_EQ(str::to_lower_ascii(info.charset), "utf-8");
  // IPAdic's context-id counts; UniDic and JUMAN have other ones.
  EXPECT_EQ(info.left_ids, 1316U);
  EXPECT_EQ(info.right_ids, 1316U);
  EXPECT_GT(info.entries, 390000U);
  EXPECT_EQ(info.columns, "ipadic");
  EXPECT_EQ(info.user_dictionary, user_dic_path());
  EXPECT_EQ(m_tokenizer->describe().rfind("ipadic-utf8 (" + k_ipadic_utf8 + ") + keiyaku-user.dic (", 0),
            0U)
      << m_tokenizer->describe();
}

TEST_F(MecabTokenizerTest, UserDictionaryHoldsEveryRowOfUserCsv) {
  auto csv = file::read(test::source_dir() + "/dictionaries/user.csv");
  ASSERT_TRUE(csv.has_value());
  size_t rows = 0;
  for (std::string_view line : str::split(*csv, '\n')) {
    rows += line.empty() ? 0 : 1;
  }
  EXPECT_EQ(m_tokenizer->info().user_entries, rows);
}

TEST_F(MecabTokenizerTest, DomainCompoundsAreSingleTokens) {
  const auto toks = tokens("乙は、本業務を再委託してはならない。個人情報の目的外利用を禁止し、多要素認証を用いる。");
  const core::Token* saiitaku = find(toks, "再委託");
  ASSERT_NE(saiitaku, nullptr);
  EXPECT_EQ(saiitaku->lemma, "再委託");
  EXPECT_EQ(saiitaku->pos, core::Pos::noun);
  EXPECT_EQ(saiitaku->pos_detail, "名詞,サ変接続,*,*");
  EXPECT_EQ(saiitaku->reading, "サイイタク");
  EXPECT_FALSE(saiitaku->unknown);
  ASSERT_NE(find(toks, "目的外利用"), nullptr);
  EXPECT_EQ(find(toks, "目的外利用")->lemma, "目的外利用");
  ASSERT_NE(find(toks, "多要素認証"), nullptr);
  EXPECT_EQ(find(toks, "多要素認証")->lemma, "多要素認証");
  ASSERT_NE(find(toks, "個人情報"), nullptr);
}

TEST_F(MecabTokenizerTest, CompoundsDoNotSwallowTheirNeighbours) {
  auto surfaces = [&](std::string_view text) {
    std::vector<std::string> out;
    for (const core::Token& t : tokens(text)) {
      out.push_back(t.surface);
    }
    return out;
  };
  EXPECT_EQ(surfaces("個人情報保護法"), (std::vector<std::string>{"個人情報", "保護", "法"}));
  EXPECT_EQ(surfaces("委託先の名簿"), (std::vector<std::string>{"委託先", "の", "名簿"}));
  EXPECT_EQ(surfaces("再委託先に対し"), (std::vector<std::string>{"再委託先", "に対し"}));
}

TEST_F(MecabTokenizerTest, OtherSpellingsGetTheCanonicalLemma) {
  EXPECT_EQ(find(tokens("情報の持ち出しを禁止する。"), "持ち出し")->lemma, "持出し");
  EXPECT_EQ(find(tokens("情報の漏洩を防ぐ。"), "漏洩")->lemma, "漏えい");
  EXPECT_EQ(find(tokens("2要素認証を導入する。"), "2要素認証")->lemma, "二要素認証");
}

TEST_F(MecabTokenizerTest, EveryUserEntryIsOneTokenWithItsLemma) {
  auto csv = file::read(test::source_dir() + "/dictionaries/user.csv");
  ASSERT_TRUE(csv.has_value());
  for (std::string_view line : str::split(*csv, '\n')) {
    if (line.empty()) {
      continue;
    }
    const auto cols = str::split(line, ',');
    ASSERT_GE(cols.size(), 13U) << line;
    const std::string surface(cols[0]);
    const std::string lemma(cols[10]);
    // Between punctuation, so that neighbours cannot join the word.
    const std::string text = "「" + surface + "」";
    const auto toks = tokens(text);
    const core::Token* t = find(toks, surface);
    ASSERT_NE(t, nullptr) << surface << " is split";
    EXPECT_EQ(t->lemma, lemma) << surface;
    EXPECT_EQ(t->begin, 3U);
    EXPECT_FALSE(t->unknown) << surface;
  }
}

TEST_F(MecabTokenizerTest, ModalityLemmas) {
  EXPECT_EQ(lemmas("しなければならない"),
            (std::vector<std::string>{"する", "ない", "ば", "なる", "ない"}));
  const auto toks = tokens("しなければならない");
  ASSERT_EQ(toks.size(), 5U);
  EXPECT_EQ(toks[0].pos, core::Pos::verb);
  EXPECT_EQ(toks[0].conjugation, "未然形");
  EXPECT_EQ(toks[1].pos, core::Pos::auxiliary);
  EXPECT_EQ(toks[1].conjugation, "仮定形");
  EXPECT_EQ(toks[2].pos, core::Pos::particle);
  EXPECT_EQ(toks[2].conjugation, "");
  EXPECT_EQ(lemmas("提供してはならない"),
            (std::vector<std::string>{"提供", "する", "て", "は", "なる", "ない"}));
  EXPECT_EQ(lemmas("努めるものとする"), (std::vector<std::string>{"努める", "もの", "と", "する"}));
  EXPECT_EQ(lemmas("することができる"), (std::vector<std::string>{"する", "こと", "が", "できる"}));
}

TEST_F(MecabTokenizerTest, OffsetsPointIntoTheText) {
  const std::string text = "第1条 甲は、乙に\n\n本業務を委託する。ＩＳＭＳ  と ISMAP。";
  const auto toks = tokens(text);
  ASSERT_FALSE(toks.empty());
  uint32_t last_end = 0;
  std::string joined;
  for (const core::Token& t : toks) {
    EXPECT_LE(last_end, t.begin);
    EXPECT_LT(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
    EXPECT_EQ(text.substr(t.begin, t.end - t.begin), t.surface);
    last_end = t.end;
    joined += t.surface;
  }
  // Every character except the white space is in exactly one token.
  std::string expected;
  for (const char c : text) {
    if (c != ' ' && c != '\n') {
      expected += c;
    }
  }
  EXPECT_EQ(joined, expected);
  const core::Token* ko = find(toks, "甲");
  ASSERT_NE(ko, nullptr);
  EXPECT_EQ(ko->begin, text.find("甲"));
  const core::Token* ismap = find(toks, "ISMAP");
  ASSERT_NE(ismap, nullptr);
  EXPECT_EQ(ismap->begin, text.find("ISMAP"));
}

TEST_F(MecabTokenizerTest, LongInputWithoutSentenceEnds) {
  std::string text;
  while (text.size() < 40000) {
    text += "乙は甲の承諾を得て再委託する場合";
  }
  const auto toks = tokens(text);
  std::string joined;
  uint32_t last_end = 0;
  size_t saiitaku = 0;
  for (const core::Token& t : toks) {
    ASSERT_LE(last_end, t.begin);
    ASSERT_EQ(text.substr(t.begin, t.end - t.begin), t.surface);
    last_end = t.end;
    joined += t.surface;
    saiitaku += t.surface == "再委託" ? 1 : 0;
  }
  EXPECT_EQ(joined, text);
  // At most one occurrence per 8 KB cut can be split.
  const size_t occurrences = text.size() / std::string("乙は甲の承諾を得て再委託する場合").size();
  EXPECT_GE(saiitaku + text.size() / 8192 + 1, occurrences);
}

TEST_F(MecabTokenizerTest, TextNeedNotBeNulTerminated) {
  // A view into a buffer with no NUL after it (AddressSanitizer catches any read past the end).
  const std::string source = "乙は再委託してはならない。甲は監査できる";
  const std::vector<char> buffer(source.begin(), source.end());
  const std::string_view text(buffer.data(), buffer.size());
  const auto toks = tokens(text.substr(0, text.size() - 9));  // a view that ends mid-buffer, too
  ASSERT_FALSE(toks.empty());
  EXPECT_EQ(toks.back().surface, "監査");
  const auto all = tokens(text);
  EXPECT_EQ(all.back().lemma, "できる");
  EXPECT_EQ(all.back().end, text.size());
}

TEST_F(MecabTokenizerTest, UnknownWordsAreFlagged) {
  const auto toks = tokens("Zqxjvbk社");
  const core::Token* t = find(toks, "Zqxjvbk");
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->unknown);
  EXPECT_EQ(t->lemma, "Zqxjvbk");
  EXPECT_EQ(t->reading, "");
}

TEST_F(MecabTokenizerTest, IllFormedUtf8KeepsOffsets) {
  const std::string text = "\xFF再委託\xC3する。";
  const auto toks = tokens(text);
  ASSERT_FALSE(toks.empty());
  for (const core::Token& t : toks) {
    EXPECT_EQ(text.substr(t.begin, t.end - t.begin), t.surface);
  }
  const core::Token* saiitaku = find(toks, "再委託");
  ASSERT_NE(saiitaku, nullptr);
  EXPECT_EQ(saiitaku->begin, 1U);
}

TEST_F(MecabTokenizerTest, EmptyAndBlankInput) {
  EXPECT_TRUE(tokens("").empty());
  EXPECT_TRUE(tokens(" \n\t").empty());
}

TEST_F(MecabTokenizerTest, ThreadsGetTheSameResult) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "乙は、あらかじめ甲の書面による承諾を得た場合を除き、本業務の全部又は一部を第三者に委託してはならない。\n";
    text += "LGWAN接続系の端末から特定個人情報を持出してはならない。";
  }
  const auto expected = tokens(text);
  constexpr int k_threads = 4;
  std::vector<int> mismatches(k_threads, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < k_threads; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 10; ++round) {
        const auto got = m_tokenizer->tokenize(text);
        bool same = got.size() == expected.size();
        for (size_t i = 0; same && i < got.size(); ++i) {
          same = got[i].begin == expected[i].begin && got[i].end == expected[i].end &&
                 got[i].lemma == expected[i].lemma && got[i].pos_detail == expected[i].pos_detail;
        }
        mismatches[static_cast<size_t>(k)] += same ? 0 : 1;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (int k = 0; k < k_threads; ++k) {
    EXPECT_EQ(mismatches[static_cast<size_t>(k)], 0) << "thread " << k;
  }
}

TEST_F(MecabTokenizerTest, LoadingAgainSharesTheModel) {
  MecabOptions options;
  options.system_dicdir = k_ipadic_utf8;
  options.user_dictionary = user_dic_path();
  auto again = load_mecab_tokenizer(options);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->get(), m_tokenizer.get());
  auto base = load_mecab(options);
  ASSERT_TRUE(base.has_value());
  EXPECT_EQ(base->get(), static_cast<const core::Tokenizer*>(m_tokenizer.get()));
  options.cache = ModelCache::bypass;
  auto fresh = load_mecab_tokenizer(options);
  ASSERT_TRUE(fresh.has_value());
  EXPECT_NE(fresh->get(), m_tokenizer.get());
  EXPECT_EQ((*fresh)->tokenize("再委託").size(), 1U);
}

TEST_F(MecabTokenizerTest, WithoutTheUserDictionaryCompoundsSplit) {
  MecabOptions options;
  options.system_dicdir = k_ipadic_utf8;
  options.user = UserDictionary::none;
  auto plain = load_mecab_tokenizer(options);
  ASSERT_TRUE(plain.has_value()) << format_error(plain.error());
  EXPECT_EQ((*plain)->info().user_dictionary, "");
  EXPECT_EQ((*plain)->describe(), "ipadic-utf8 (" + k_ipadic_utf8 + ")");
  const auto toks = (*plain)->tokenize("再委託する");
  ASSERT_GE(toks.size(), 2U);
  EXPECT_EQ(toks[0].surface, "再");
  EXPECT_EQ(toks[0].pos, core::Pos::prefix);
  EXPECT_EQ(toks[1].surface, "委託");
}

TEST(MecabLoad, MissingSystemDictionaryNamesThePath) {
  MecabOptions options;
  options.system_dicdir = "/nonexistent/mecab-dic";
  options.user = UserDictionary::none;
  auto r = load_mecab(options);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::io);
  ASSERT_TRUE(r.error().where.has_value());
  EXPECT_EQ(r.error().where->file, "/nonexistent/mecab-dic");
  EXPECT_NE(format_error(r.error()).find("KEIYAKU_MECAB_DICDIR"), std::string::npos);
}

TEST(MecabLoad, EucJpDictionaryIsRefused) {
  const std::string euc = "/var/lib/mecab/dic/ipadic";
  if (!std::filesystem::exists(euc + "/sys.dic")) {
    GTEST_SKIP() << "no EUC-JP ipadic at " << euc;
  }
  MecabOptions options;
  options.system_dicdir = euc;
  options.user = UserDictionary::none;
  auto r = load_mecab(options);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::data);
  EXPECT_EQ(r.error().where->file, euc);
  EXPECT_NE(r.error().message.find("EUC-JP"), std::string::npos) << r.error().message;
  // With the (UTF-8) user dictionary MeCab itself refuses the pair; the error still blames the
  // system dictionary's charset.
  options.user_dictionary = user_dic_path();
  auto with_user = load_mecab(options);
  ASSERT_FALSE(with_user.has_value());
  EXPECT_EQ(with_user.error().where->file, euc);
  EXPECT_NE(with_user.error().message.find("EUC-JP"), std::string::npos) << with_user.error().message;
}

TEST(MecabLoad, NamedUserDictionaryMustExist) {
  if (!have_ipadic()) {
    GTEST_SKIP() << "MeCab dictionary " << k_ipadic_utf8 << " is not installed";
  }
  MecabOptions options;
  options.system_dicdir = k_ipadic_utf8;
  options.user_dictionary = "/nonexistent/keiyaku-user.dic";
  auto r = load_mecab(options);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().where->file, "/nonexistent/keiyaku-user.dic");
}

TEST(MecabLoad, BrokenUserDictionaryIsAnError) {
  if (!have_ipadic()) {
    GTEST_SKIP() << "MeCab dictionary " << k_ipadic_utf8 << " is not installed";
  }
  test::TempDir dir;
  ASSERT_TRUE(file::write_atomic(dir.file("broken.dic"), "not a dictionary"));
  MecabOptions options;
  options.system_dicdir = k_ipadic_utf8;
  options.user_dictionary = dir.file("broken.dic");
  auto r = load_mecab(options);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().where->file.find("broken.dic"), std::string::npos);
}

TEST(MecabLoad, EnvironmentChoosesTheDictionaries) {
  {
    const ScopedEnv env("KEIYAKU_MECAB_DICDIR", "/nonexistent/from-env");
    EXPECT_EQ(default_system_dicdir(), "/nonexistent/from-env");
    MecabOptions options;
    options.user = UserDictionary::none;
    auto r = load_mecab(options);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().where->file, "/nonexistent/from-env");
  }
  {
    const ScopedEnv env("KEIYAKU_USER_DIC", "/nonexistent/user.dic");
    EXPECT_EQ(find_user_dictionary(), "/nonexistent/user.dic");
  }
  {
    const ScopedEnv env("KEIYAKU_MECAB_DICDIR", "");
    EXPECT_EQ(default_system_dicdir(), k_ipadic_utf8);
  }
}

TEST(MecabLoad, SearchPathStartsNextToTheExecutable) {
  const auto paths = user_dictionary_search_path();
  ASSERT_EQ(paths.size(), 3U);
  const std::filesystem::path exe_dir =
      std::filesystem::read_symlink("/proc/self/exe").parent_path();
  EXPECT_EQ(paths[0], exe_dir.string() + "/dictionaries/keiyaku-user.dic");
  EXPECT_EQ(paths[1], exe_dir.string() + "/keiyaku-user.dic");
  // An installation: share/keiyaku beside bin/, wherever the prefix is; no prefix compiled in.
  EXPECT_EQ(paths[2], (exe_dir.parent_path() / "share" / "keiyaku" / "keiyaku-user.dic").string());
}

}  // namespace
}  // namespace keiyaku::tokenize
