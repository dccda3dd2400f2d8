#pragma once

#include <base/expected.hpp>
#include <core/clause.hpp>
#include <core/parties.hpp>
#include <core/rule.hpp>
#include <core/token.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::match {

/// Normalisation applied to every term before it is tokenised (the same as for documents).
using Folder = std::function<std::string(std::string_view)>;

/// Joins the tokens' lemmas (surface when a token has none): the string terms are matched in.
std::string lemma_string(const std::vector<core::Token>& tokens);

/// What one document gives the rules.
struct Input {
  const std::vector<core::Clause>* clauses = nullptr;
  const std::vector<core::Sentence>* sentences = nullptr;
  const core::Parties* parties = nullptr;
  std::string explain;  ///< a requirement id whose every candidate sentence is traced, or ""
  /// Each unit's normalised 見出し (unit index → text): a heading 「（秘密の保持）」 can supply one
  /// topic group of the sentences under it.
  const std::map<int, std::string>* headings = nullptr;
  bool time_tokenizer = false;  ///< measure the time spent tokenising into Output::tokenize_seconds
};

/// Per-requirement findings (in the order of `selected`) and the RISK findings.
struct Output {
  std::vector<core::Finding> findings;
  std::vector<core::RiskFinding> risks;
  std::vector<std::string> trace;  ///< one line per sentence considered for Input::explain
  double tokenize_seconds = 0;     ///< with Input::time_tokenizer: time spent in the tokenizer
};

/// The requirements compiled for matching: terms tokenised once into lemma strings and put into one
/// automaton. Immutable after compile(); run() is thread-safe. run() tokenises a sentence only when
/// its lemmas could hold a term its text does not show (anchors.hpp), or when a rule needs its words.
class RuleSet {
 public:
  static Expected<RuleSet> compile(std::vector<core::RuleSpec> specs, const core::Tokenizer& tokenizer,
                                   const Folder& fold);

  const std::vector<core::RuleSpec>& specs() const;
  /// Evaluates the requirements whose index is in `selected` and every risk rule.
  Output run(const Input& input, const std::vector<size_t>& selected) const;

  /// Evaluates one example text of spec `index` as a one-clause contract; returns the status name
  /// (or "flagged"/"none" for a risk) and the reason.
  std::pair<std::string, std::string> evaluate_example(size_t index, std::string_view text) const;

  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

 private:
  struct Impl;
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace keiyaku::match
