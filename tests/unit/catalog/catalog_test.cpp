#include "support/temp_dir.hpp"

#include <catalog/catalog.hpp>

#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>

using namespace keiyaku;

namespace {

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

const char* k_good = R"(id = "OUT-09"
title = "再委託の制限"
severity = "must"
kind = "ban"
topic = [["再委託", "第三者に委託する"]]
suggestion = "乙は、甲の承諾なく再委託してはならない。"
absent = "weak"
denial = "contradicts"

[[contradicts]]
terms = ["上限"]
unless = ["漏えい"]
reason = "r"

[[examples]]
text = "乙は、再委託してはならない。"
expect = "satisfied"
)";

}  // namespace

TEST(Catalog, ReadsEveryField) {
  test::TempDir dir;
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), k_good);
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_TRUE(specs) << specs.error().message;
  ASSERT_EQ(specs->size(), 1U);
  const core::RuleSpec& s = (*specs)[0];
  EXPECT_EQ(s.id, "OUT-09");
  EXPECT_EQ(s.family, "outsourcing");
  EXPECT_EQ(s.kind, core::RuleKind::ban);
  EXPECT_EQ(s.actor, core::Actor::vendor);
  ASSERT_EQ(s.topic.size(), 1U);
  EXPECT_EQ(s.topic[0][1], "第三者に委託する");
  EXPECT_EQ(s.absent, core::Status::weak);
  EXPECT_TRUE(s.denial_contradicts);
  ASSERT_EQ(s.contradicts.size(), 1U);
  EXPECT_EQ(s.contradicts[0].unless, std::vector<std::string>{"漏えい"});
  ASSERT_EQ(s.examples.size(), 1U);
  EXPECT_EQ(s.examples[0].line, 15);
}

TEST(Catalog, WrongValuesAreRefusedWithFileLineAndColumn) {
  test::TempDir dir;
  std::string bad = k_good;
  bad.replace(bad.find("\"ban\""), 5, "\"forbid\"");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), bad);
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_FALSE(specs);
  EXPECT_EQ(specs.error().code, ErrorCode::data);
  EXPECT_EQ(format_error(specs.error()),
            dir.file("outsourcing/OUT-09-subcontracting.toml") +
                ":4:8: kind must be duty|ban|right|risk\n  kind = \"forbid\"\n         ^");
}

// The good requirement with one more `key = "value"` line, loaded from a fresh folder.
static Expected<std::vector<core::RuleSpec>> load_with(const std::string& key, const std::string& value) {
  test::TempDir dir;
  std::string text = k_good;
  text.replace(text.find("suggestion ="), 0, key + " = \"" + value + "\"\n");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), text);
  return catalog::load_dir(dir.path());
}

// limits = "accepted": a clause that limits the duty's object is the duty (OUT-05's access).
TEST(Catalog, LimitsAreReadAndAWrongValueIsRefused) {
  const auto specs = load_with("limits", "accepted");
  ASSERT_TRUE(specs) << specs.error().message;
  EXPECT_TRUE((*specs)[0].limits_accepted);
  const auto wrong = load_with("limits", "always");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("limits must be weaken|accepted"), std::string::npos);
}

// context = "title": the document's or annex's title is context for the topic (SNS-05).
TEST(Catalog, TitleContextIsReadAndAWrongValueIsRefused) {
  const auto specs = load_with("context", "title");
  ASSERT_TRUE(specs) << specs.error().message;
  EXPECT_TRUE((*specs)[0].title_context);
  const auto wrong = load_with("context", "annex");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("context must be heading|title"), std::string::npos);
}

TEST(Catalog, TheIdMustMatchTheFileName) {
  test::TempDir dir;
  write(dir.file("outsourcing/OUT-10-return.toml"), k_good);
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_FALSE(specs);
  EXPECT_NE(specs.error().message.find("does not match the file name"), std::string::npos);
}

TEST(Catalog, AnExampleMustExpectAStatus) {
  test::TempDir dir;
  std::string bad = k_good;
  bad.replace(bad.find("expect = \"satisfied\""), 20, "expect = \"fine\"");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), bad);
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_FALSE(specs);
  EXPECT_NE(specs.error().message.find("expect must be"), std::string::npos) << specs.error().message;
}

TEST(Catalog, AnElementMayNameWhereItIsLookedFor) {
  test::TempDir dir;
  std::string text = k_good;
  text.replace(text.find("[[contradicts]]"), 0,
               "[[elements]]\nterms = [\"承諾\"]\nreason = \"e\"\nin = \"document\"\n\n[[elements]]\nterms = [\"書面\"]\n\n");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), text);
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_TRUE(specs) << specs.error().message;
  ASSERT_EQ((*specs)[0].elements.size(), 2U);
  EXPECT_EQ((*specs)[0].elements[0].in_document, std::optional<bool>(true));
  EXPECT_FALSE((*specs)[0].elements[1].in_document.has_value());

  text.replace(text.find("in = \"document\""), 15, "in = \"chapter\"");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), text);
  const auto bad = catalog::load_dir(dir.path());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("elements 'in' must be article|document"), std::string::npos) << bad.error().message;
}

TEST(Catalog, TheShippedCatalogHasEveryRequirementOfTheCatalog) {
  const auto specs = catalog::load_dir(test::source_dir() + "/requirements");
  ASSERT_TRUE(specs) << format_error(specs.error());
  ASSERT_EQ(specs->size(), 58U);
  EXPECT_EQ(specs->front().id, "OUT-01");
  EXPECT_EQ(specs->back().id, "RISK-15");
  for (const auto& s : *specs) {
    EXPECT_FALSE(s.examples.empty()) << s.id;
    if (s.kind != core::RuleKind::risk) {
      EXPECT_FALSE(s.suggestion.empty()) << s.id;
    }
  }
}

TEST(Catalog, ConceptsExpandInEveryTermList) {
  test::TempDir dir;
  std::string text = k_good;
  text.replace(text.find("\"第三者に委託する\""), std::string("\"第三者に委託する\"").size(), "\"@delegate\"");
  text.replace(text.find("terms = [\"上限\"]"), std::string("terms = [\"上限\"]").size(), "terms = [\"@cap\"]");
  text.replace(text.find("suggestion ="), 0, "forbids = [\"@delegate\"]\n");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), text);
  write(dir.file("concepts.toml"), "[delegate]\nterms = [\"下請に出す\", \"外注する\"]\n[cap]\nterms = [\"上限\", \"限度\"]\n");
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_TRUE(specs) << specs.error().message;
  const core::RuleSpec& s = (*specs)[0];
  EXPECT_EQ(s.topic[0], (std::vector<std::string>{"再委託", "下請に出す", "外注する"}));
  EXPECT_EQ(s.contradicts[0].terms, (std::vector<std::string>{"上限", "限度"}));
  EXPECT_EQ(s.forbids, (std::vector<std::string>{"下請に出す", "外注する"}));
  // The concepts file is part of the catalog's version: editing it makes earlier reviews stale.
  const auto before = catalog::version(dir.path());
  write(dir.file("concepts.toml"), "[delegate]\nterms = [\"外注する\"]\n[cap]\nterms = [\"上限\"]\n");
  const auto after = catalog::version(dir.path());
  ASSERT_TRUE(before && after);
  EXPECT_NE(*before, *after);
}

// 「@firmsに@delegate」 stands for every phrase of one term of each concept, in order.
TEST(Catalog, ATermComposedOfConceptsStandsForEveryPhraseTheyMake) {
  test::TempDir dir;
  std::string text = k_good;
  text.replace(text.find("\"第三者に委託する\""), std::string("\"第三者に委託する\"").size(), "\"@firmsに@delegate\"");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), text);
  write(dir.file("concepts.toml"), "[firms]\nterms = [\"第三者\", \"他社\"]\n[delegate]\nterms = [\"任せる\", \"委ねる\"]\n");
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_TRUE(specs) << specs.error().message;
  // (The parts are joined by core::k_term_join, so that the engine tokenises each part once.)
  std::vector<std::string> phrases = (*specs)[0].topic[0];
  for (std::string& p : phrases) {
    std::replace(p.begin(), p.end(), core::k_term_join, '|');
  }
  EXPECT_EQ(phrases, (std::vector<std::string>{"再委託", "第三者|に|任せる", "第三者|に|委ねる", "他社|に|任せる", "他社|に|委ねる"}));
  write(dir.file("concepts.toml"), "[firms]\nterms = [\"第三者\"]\n");
  const auto unknown = catalog::load_dir(dir.path());
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("@firmsに@delegate"), std::string::npos);
}

TEST(Catalog, AnUnknownConceptNamesTheFile) {
  test::TempDir dir;
  std::string text = k_good;
  text.replace(text.find("\"第三者に委託する\""), std::string("\"第三者に委託する\"").size(), "\"@nothing\"");
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), text);
  write(dir.file("concepts.toml"), "[delegate]\nterms = [\"外注する\"]\n");
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_FALSE(specs);
  EXPECT_NE(specs.error().message.find("OUT-09-subcontracting.toml"), std::string::npos);
  EXPECT_NE(specs.error().message.find("@nothing"), std::string::npos);
}

TEST(Catalog, ABadConceptsFileIsAnError) {
  test::TempDir dir;
  write(dir.file("outsourcing/OUT-09-subcontracting.toml"), k_good);
  write(dir.file("concepts.toml"), "[delegate]\nwords = [\"外注する\"]\n");
  const auto specs = catalog::load_dir(dir.path());
  ASSERT_FALSE(specs);
  EXPECT_NE(format_error(specs.error()).find("concepts.toml:1:1: concept 'delegate' needs"), std::string::npos) << format_error(specs.error());
}
