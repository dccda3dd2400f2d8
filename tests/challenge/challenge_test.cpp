// Runs the blind challenge suite: every case of tests/challenge/<set>/*.jsonl is reviewed as a plain
// text contract with the kinds and tier it names, and each labelled requirement's status is compared.
// Prints accuracy, false reassurance by label and the confusion per set; KY_CHALLENGE_OUT=FILE writes
// every pair (case, requirement, label, verdict, reason, clause) as JSON for reading the misses.
#include <review/review.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace keiyaku;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* k_statuses[] = {"satisfied", "weak", "contradicted", "missing"};

struct Case {
  std::string file;
  int line = 0;
  json data;
};

std::vector<Case> load_set(const std::string& set) {
  std::vector<Case> cases;
  const fs::path dir = fs::path(KY_CHALLENGE_DIR) / set;
  if (!fs::is_directory(dir)) {
    return cases;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".jsonl") {
      files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) {
        continue;
      }
      Case c;
      c.file = f.filename().string();
      c.line = n;
      c.data = json::parse(line, nullptr, /*allow_exceptions=*/false);
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

const review::Engine& engine() {
  static review::Engine* e = [] {
    // The suite measures the analysis as installed: with the MeCab user dictionary the build makes
    // (domain terms such as 再委託 kept whole), not without it.
    ::setenv("KEIYAKU_USER_DIC", KY_USER_DIC, 0);
    auto loaded = review::Engine::load({});
    if (!loaded) {
      std::cerr << loaded.error().message << "\n";
      std::abort();
    }
    return new review::Engine(std::move(*loaded));
  }();
  return *e;
}

struct Tally {
  int pairs = 0;
  int correct = 0;
  std::map<std::string, std::map<std::string, int>> confusion;  // label -> verdict -> count
  int false_reassurance() const {
    int n = 0;
    for (const auto& [label, row] : confusion) {
      if (label != "satisfied" && row.count("satisfied") != 0) {
        n += row.at("satisfied");
      }
    }
    return n;
  }
  double accuracy() const { return pairs == 0 ? 1.0 : static_cast<double>(correct) / pairs; }
};

Tally run_set(const std::string& set, json* out) {
  Tally t;
  for (const Case& c : load_set(set)) {
    const json& d = c.data;
    review::Options options;
    for (const auto& k : d.at("kinds")) {
      options.kinds.push_back(k.get<std::string>());
    }
    if (d.contains("tier") && d.at("tier").is_string()) {
      options.tier = d.at("tier").get<std::string>();
    }
    const std::string text = d.at("text").get<std::string>();
    auto result = review::review_bytes(engine(), text, d.at("id").get<std::string>() + ".txt", options);
    if (!result) {
      ADD_FAILURE() << c.file << ":" << c.line << ": " << result.error().message;
      continue;
    }
    for (const auto& [id, expect] : d.at("expect").items()) {
      const std::string label = expect.at("status").get<std::string>();
      std::string got = "absent";
      std::string reason;
      std::string clause;
      for (const core::Finding& f : result->findings) {
        if (f.id == id) {
          got = core::status_name(f.status);
          reason = f.reason;
          clause = f.evidence.empty() ? "" : f.evidence.front().clause;
        }
      }
      ++t.pairs;
      t.correct += got == label ? 1 : 0;
      ++t.confusion[label][got];
      if (out != nullptr) {
        out->push_back({{"set", set}, {"case", d.at("id")}, {"requirement", id}, {"label", label}, {"got", got},
                        {"reason", reason}, {"clause", clause},
                        {"label_clause", expect.contains("clause") ? expect.at("clause") : json()},
                        {"construction", d.value("construction", "")}});
      }
    }
  }
  return t;
}

void print(const std::string& set, const Tally& t) {
  std::ostringstream s;
  s << "challenge " << set << ": pairs=" << t.pairs << " accuracy=" << t.accuracy()
    << " false_reassurance=" << t.false_reassurance() << " [";
  for (const char* label : {"weak", "contradicted", "missing"}) {
    const auto row = t.confusion.find(label);
    const int n = row == t.confusion.end() || row->second.count("satisfied") == 0 ? 0 : row->second.at("satisfied");
    s << label << " " << n << (std::string(label) == "missing" ? "]" : ", ");
  }
  s << "\n  label -> verdicts:";
  for (const auto& [label, row] : t.confusion) {
    s << "\n    " << label << ":";
    for (const auto& [got, n] : row) {
      s << " " << got << "=" << n;
    }
  }
  std::cout << s.str() << "\n";
}

}  // namespace

// Every case is well formed: a unique id, kinds, a text and labels with known statuses.
TEST(ChallengeSuite, CasesAreWellFormed) {
  std::set<std::string> ids;
  size_t total = 0;
  for (const char* set : {"tune", "heldout", "paraphrase"}) {
    for (const Case& c : load_set(set)) {
      const std::string where = std::string(set) + "/" + c.file + ":" + std::to_string(c.line);
      ASSERT_TRUE(c.data.is_object()) << where << ": not a JSON object";
      ASSERT_TRUE(c.data.contains("id") && c.data.contains("kinds") && c.data.contains("text") &&
                  c.data.contains("expect"))
          << where;
      EXPECT_TRUE(ids.insert(c.data.at("id").get<std::string>()).second) << where << ": duplicate id";
      for (const auto& [id, expect] : c.data.at("expect").items()) {
        const std::string s = expect.at("status").get<std::string>();
        EXPECT_TRUE(std::find(std::begin(k_statuses), std::end(k_statuses), s) != std::end(k_statuses))
            << where << ": " << id << " has status " << s;
      }
      ++total;
    }
  }
  EXPECT_GT(total, 0U);
}

// The part the analysis was tuned with.
TEST(ChallengeSuite, Verdicts) {
  json out = json::array();
  const char* path = std::getenv("KY_CHALLENGE_OUT");
  const Tally t = run_set("tune", path != nullptr ? &out : nullptr);
  print("tune", t);
  const Tally h = run_set("heldout", path != nullptr ? &out : nullptr);
  print("heldout", h);
  const Tally p = run_set("paraphrase", path != nullptr ? &out : nullptr);
  print("paraphrase", p);
  if (path != nullptr) {
    std::ofstream(path) << out.dump(1);
  }
  ASSERT_GT(t.pairs, 0);
  // Gates: see tests/challenge/README.md. A false "satisfied" is the error that must not grow.
  EXPECT_LE(t.false_reassurance(), KY_CHALLENGE_MAX_FR_TUNE);
  EXPECT_GE(t.accuracy(), KY_CHALLENGE_MIN_ACCURACY_TUNE);
  if (h.pairs > 0) {
    EXPECT_LE(h.false_reassurance(), KY_CHALLENGE_MAX_FR_HELDOUT);
    EXPECT_GE(h.accuracy(), KY_CHALLENGE_MIN_ACCURACY_HELDOUT);
  }
  // The development set's own provisions in other words, with its labels.
  ASSERT_GT(p.pairs, 0);
  EXPECT_LE(p.false_reassurance(), KY_CHALLENGE_MAX_FR_PARAPHRASE);
  EXPECT_GE(p.accuracy(), KY_CHALLENGE_MIN_ACCURACY_PARAPHRASE);
}
