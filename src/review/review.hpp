#pragma once

#include <base/expected.hpp>
#include <core/document.hpp>
#include <core/parties.hpp>
#include <core/rule.hpp>
#include <core/token.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::match {
class RuleSet;
}
namespace keiyaku::profile {
struct Profile;
}

namespace keiyaku::review {

/// Everything loaded once per process and shared by every review: the tokenizer and the compiled
/// requirements. Thread-safe after load().
class Engine {
 public:
  struct Options {
    std::string requirements_dir;  ///< "" = catalog::default_dir()
  };
  static Expected<Engine> load(const Options& options);
  /// For tests and `requirements lint`: an engine over given specs and tokenizer.
  static Expected<Engine> from(std::vector<core::RuleSpec> specs,
                               std::shared_ptr<const core::Tokenizer> tokenizer);

  const match::RuleSet& rules() const;
  const core::Tokenizer& tokenizer() const;

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  ~Engine();

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// Thread-seconds spent in each phase of reviews, accumulated when Options::phases is set
/// (`batch --profile-phases`). One per thread; add them up at the end.
struct PhaseTimes {
  double read = 0;       ///< reading the file (docx::read, pdf::read, plain text)
  double normalize = 0;  ///< ICU NFKC and the folds
  double structure = 0;  ///< parties, clauses, sentences, kinds and triggers
  double tokenize = 0;   ///< MeCab
  double match = 0;      ///< requirement matching
  PhaseTimes& operator+=(const PhaseTimes& other) {
    read += other.read;
    normalize += other.normalize;
    structure += other.structure;
    tokenize += other.tokenize;
    match += other.match;
    return *this;
  }
};

/// What to review a document as.
struct Options {
  std::vector<std::string> kinds;  ///< outsourcing | cloud | sns; empty = classify from the text
  std::string tier;                ///< "" | mynumber | lgwan | internet
  bool original_revisions = false; ///< read the original view of tracked changes
  std::string explain;             ///< trace how this requirement was decided (ReviewResult::trace)
  /// The body's policy profile: families it lacks are not applicable, its articles are cited,
  /// severities follow it. nullptr = the catalog alone. Not owned; must outlive the review.
  const profile::Profile* profile = nullptr;
  PhaseTimes* phases = nullptr;    ///< when set, time spent is added here (not thread-safe: one per thread)
  /// The one input limit (core::k_default_input_limit; `--input-limit`): a DOCX's XML parts as
  /// inflated, all together (media never inflated); a PDF or a text file whole.
  size_t input_limit = core::k_default_input_limit;
};

/// What made a condition or a kind apply: the clause of the document that decided it.
struct Basis {
  std::string clause;   ///< the clause as cited (第2条, 1.(1)); "" for the title or an unnumbered text
  std::string text;     ///< the sentence that decided it (the title, when it did)
  std::string word;     ///< the word in it that decided it
  int paragraph = -1;   ///< as Evidence::paragraph; -1 when no paragraph decided (a profile, a default)
  bool title = false;   ///< the document's title decided it
};

/// Conditions that decide conditional requirements (CATALOG §2.5).
struct Triggers {
  bool personal_data = false;
  bool system_work = false;
  bool remote_access = false;
  bool terms_of_service = false;
  /// Why each condition that holds holds, by core::applies_name (personal_data, system_work, …).
  std::map<std::string, Basis> basis;
};

/// The result of reviewing one document.
struct ReviewResult {
  core::Document document;          ///< blocks included (annotate and extract use them)
  std::vector<std::string> kinds;
  std::map<std::string, Basis> kind_basis;  ///< why each kind applies, when classified from the text
  std::string tier;
  core::Parties parties;
  Triggers triggers;
  int clauses = 0;                  ///< numbered units (articles, 仕様書 items)
  int characters = 0;
  std::vector<core::Finding> findings;  ///< one per applicable requirement, catalog order
  std::vector<core::RiskFinding> risks;
  std::vector<const core::RuleSpec*> specs;  ///< spec of findings[i]
  std::vector<std::string> trace;   ///< with Options::explain: every sentence considered
  std::string profile;              ///< name of the profile applied, "" = none
};

/// Reads one file as its content says and then its extension: a PDF (by its %PDF- header, whatever
/// the name) with pdf::read, .txt/.md as plain text (UTF-8, or Shift_JIS/CP932 converted), anything
/// else with docx::read (which names what a non-DOCX file is). The reader of review_file and `extract`.
Expected<core::Document> read_document(const std::string& path, const Options& options);

/// The same for a file already in memory; `path` names it in messages and becomes Document::path.
Expected<core::Document> read_document_bytes(std::string_view bytes, const std::string& path,
                                             const Options& options);

/// Reads and reviews one file (.docx/.docm/.dotx, .pdf with a text layer, .txt/.md; read_document).
Expected<ReviewResult> review_file(const Engine& engine, const std::string& path, const Options& options);

/// The same for a file already in memory (`batch` reads each file once, to hash it and to review
/// it). `path` names it in messages and becomes Document::path; the format is chosen as read_document does.
Expected<ReviewResult> review_bytes(const Engine& engine, std::string_view bytes, const std::string& path,
                                    const Options& options);

/// The document's clauses as the review places them (normalised text, 第N条第M項 references, units),
/// for comparing two versions clause by clause.
std::vector<core::Clause> clauses_of(const core::Document& document);

/// The engine's verdict on one clause read alone, with the document's parties and the clause's
/// 見出し, for each requirement in `ids` (in that order; an id the catalog lacks or a RISK rule is
/// missing). For comparing versions: what an edited clause does by itself. Thread-safe.
std::vector<core::Status> judge_clause(const Engine& engine, const core::Clause& clause, const core::Parties& parties,
                                       const std::vector<std::string>& ids);

/// Reviews a document already read.
ReviewResult review_document(const Engine& engine, core::Document document, const Options& options);

}  // namespace keiyaku::review
