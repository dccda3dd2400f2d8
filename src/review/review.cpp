#include "review.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <base/word_table.hpp>
#include <catalog/catalog.hpp>
#include <docx/reader.hpp>
#include <match/aho_corasick.hpp>
#include <match/engine.hpp>
#include <pdf/reader.hpp>
#include <profile/profile.hpp>
#include <segment/parties.hpp>
#include <segment/structure.hpp>
#include <text/encoding.hpp>
#include <text/normalize.hpp>
#include <tokenize/mecab_tokenizer.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <set>

namespace keiyaku::embedded {
std::string_view applicability_tsv();
}

namespace keiyaku::review {

struct Engine::Impl {
  std::shared_ptr<const core::Tokenizer> tokenizer;
  std::optional<match::RuleSet> rules;
};

Engine::Engine(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

const match::RuleSet& Engine::rules() const { return *m_impl->rules; }
const core::Tokenizer& Engine::tokenizer() const { return *m_impl->tokenizer; }

Expected<Engine> Engine::from(std::vector<core::RuleSpec> specs,
                              std::shared_ptr<const core::Tokenizer> tokenizer) {
  auto impl = std::make_unique<Impl>();
  impl->tokenizer = std::move(tokenizer);
  auto rules = match::RuleSet::compile(std::move(specs), *impl->tokenizer,
                                       [](std::string_view s) { return text::fold(s); });
  if (!rules) {
    return rules.error();
  }
  impl->rules.emplace(std::move(*rules));
  return Engine(std::move(impl));
}

Expected<Engine> Engine::load(const Options& options) {
  const std::string dir = options.requirements_dir.empty() ? catalog::default_dir() : options.requirements_dir;
  auto specs = catalog::load_dir(dir);
  if (!specs) {
    return specs.error();
  }
  auto tokenizer = tokenize::load_mecab(tokenize::MecabOptions{});
  if (!tokenizer) {
    return tokenizer.error();
  }
  return from(std::move(*specs), std::move(*tokenizer));
}

namespace {

bool has(std::string_view s, std::string_view n) { return s.find(n) != std::string_view::npos; }

const WordTable& words() {
  static const WordTable t("dictionaries/applicability.tsv", embedded::applicability_tsv());
  return t;
}

// The lists whose words are counted over a contract's whole text (kinds) or looked for in its
// clauses (conditions).
constexpr std::array<const char*, 10> k_counted = {
    "sns_text",           "cloud_text",    "personal_data", "personal_data_item", "personal_data_person",
    "system_work",        "system_object", "remote_access", "terms_of_service",   "subject_term"};

// How often each counted word occurs, without overlaps (as a find() loop from the end of each
// match). One automaton pass instead of a find() loop per word.
class WordCounts {
 public:
  /// The counted words: an automaton over them and each one's id.
  struct Words {
    match::AhoCorasick automaton;
    std::vector<std::string> words;                  ///< by id
    std::map<std::string, int, std::less<>> ids;
  };
  static const Words& counted() {
    static const Words w = [] {
      Words a;
      for (const char* list : k_counted) {
        for (const std::string& word : words().list(list)) {
          if (a.ids.emplace(word, static_cast<int>(a.words.size())).second) {
            a.automaton.add(word);
            a.words.push_back(word);
          }
        }
      }
      a.automaton.build();
      return a;
    }();
    return w;
  }
  /// The id of a counted word, -1 for another.
  static int id_of(std::string_view w) {
    const auto it = counted().ids.find(w);
    return it == counted().ids.end() ? -1 : it->second;
  }

  /// Counts over `text`, the blocks of a document one after another; `block_starts` holds where each
  /// block starts in it, so that block_has() says which words each block has.
  WordCounts(std::string_view text, const std::vector<size_t>& block_starts) : m_text(text) {
    const Words& automaton = counted();
    m_words = &automaton.words;
    m_counts.assign(automaton.automaton.size(), 0);
    m_block_words.resize(block_starts.size());
    std::vector<size_t> free_from(automaton.automaton.size(), 0);
    automaton.automaton.scan(text, [&](int id, size_t end) {
      const auto i = static_cast<size_t>(id);
      const size_t start = end - (*m_words)[i].size();
      const auto block = std::upper_bound(block_starts.begin(), block_starts.end(), start) - block_starts.begin() - 1;
      if (block >= 0) {
        std::vector<int>& present = m_block_words[static_cast<size_t>(block)];
        if (std::find(present.begin(), present.end(), id) == present.end()) {
          present.push_back(id);
        }
      }
      if (start >= free_from[i]) {
        ++m_counts[i];
        free_from[i] = end;
      }
    });
  }
  int count(std::string_view w) const {
    const int id = id_of(w);
    if (id >= 0) {
      return m_counts[static_cast<size_t>(id)];
    }
    int c = 0;  // a word outside the lists: count it the slow way
    for (size_t p = m_text.find(w); p != std::string_view::npos; p = m_text.find(w, p + w.size())) {
      ++c;
    }
    return c;
  }
  /// Whether block b (Document::blocks index) has the counted word of this id.
  bool block_has(size_t b, int id) const {
    if (b >= m_block_words.size()) {
      return false;
    }
    const std::vector<int>& present = m_block_words[b];
    return std::find(present.begin(), present.end(), id) != present.end();
  }
  bool block_has_any(size_t b) const { return b < m_block_words.size() && !m_block_words[b].empty(); }
  int count_list(std::string_view list) const {
    int n = 0;
    for (const std::string& w : words().list(list)) {
      n += count(w);
    }
    return n;
  }

 private:
  std::string_view m_text;
  const std::vector<std::string>* m_words = nullptr;
  std::vector<int> m_counts;
  std::vector<std::vector<int>> m_block_words;  // by block: the ids of the words it has
};

Expected<core::Document> read_plain_text(const std::string& path, std::string_view data) {
  text::DecodedText decoded = text::decode_text(data);
  if (!decoded.readable) {
    return Error(ErrorCode::invalid_input,
                 path + ": " + text::unreadable_message(decoded));
  }
  core::Document doc;
  doc.path = path;
  doc.sha256 = sha256_hex(data);
  doc.content_type = std::string("text/plain; charset=") + text::encoding_name(decoded.encoding);
  int index = 0;
  for (std::string_view line : str::split(decoded.text, '\n')) {
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    core::Block b;
    b.paragraph = index++;
    b.text = std::string(line);
    doc.blocks.push_back(std::move(b));
  }
  return doc;
}

// Adds the time since the last lap to one phase of Options::phases, when that is set.
class Lap {
 public:
  explicit Lap(PhaseTimes* times) : m_times(times) {
    if (m_times != nullptr) {
      m_last = std::chrono::steady_clock::now();
    }
  }
  void to(double PhaseTimes::*phase) {
    if (m_times == nullptr) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    m_times->*phase += std::chrono::duration<double>(now - m_last).count();
    m_last = now;
  }

 private:
  PhaseTimes* m_times;
  std::chrono::steady_clock::time_point m_last;
};

docx::ReadOptions read_options(const Options& options) {
  docx::ReadOptions ro;
  ro.revisions = options.original_revisions ? docx::RevisionView::original : docx::RevisionView::accepted;
  ro.limits.max_read_bytes = options.input_limit;
  return ro;
}

pdf::ReadOptions pdf_options(const Options& options) {
  pdf::ReadOptions po;
  po.limits.max_input_bytes = options.input_limit;
  return po;
}

// A PDF or a text file is read whole: the input limit is its size.
Status check_whole_file_size(std::string_view bytes,
                             const std::string& path,
                             const Options& options) {
  if (bytes.size() <= options.input_limit) {
    return {};
  }
  return Error(
      ErrorCode::limit_exceeded,
      path + ": " +
          tr("ファイルが読み込みの上限より大きいです（", "file larger than the input limit (") +
          std::to_string(bytes.size()) + " > " + std::to_string(options.input_limit) +
          tr(" バイト。--input-limit で変えられます）", " bytes; --input-limit changes it)"));
}

bool plain_text_path(const std::string& path) {
  const std::string lower = str::to_lower_ascii(path);
  return str::ends_with(lower, ".txt") || str::ends_with(lower, ".md");
}

// The bytes of an OOXML package or of a file the DOCX reader knows to refuse with a reason (ZIP,
// OLE2: .doc or an encrypted package, RTF): these go to docx::read even under a .txt name.
bool docx_magic(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4);
  return head == std::string_view("PK\x03\x04", 4) || head == std::string_view("PK\x05\x06", 4) ||
         head == std::string_view("PK\x07\x08", 4) ||
         str::starts_with(bytes, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) ||
         str::starts_with(bytes, "{\\rtf");
}

std::string title_of(const core::Document& doc) {
  for (const core::Block& b : doc.blocks) {
    const std::string_view t = str::trim(b.text);
    if (!t.empty()) {
      return std::string(t);
    }
  }
  return doc.title;
}

// The first word of `list` in the title, as the basis of a kind or a condition.
std::optional<Basis> in_title(const std::string& title, std::string_view list) {
  const std::string_view w = words().find_in(list, title);
  if (w.empty()) {
    return std::nullopt;
  }
  Basis b;
  b.text = title;
  b.word = std::string(w);
  b.title = true;
  return b;
}

// The sentence of clause `c` that holds `word`, as a basis.
Basis basis_at(const core::Clause& c, std::string_view word) {
  Basis b;
  b.clause = c.ref;
  b.word = std::string(word);
  b.paragraph = c.paragraph;
  b.text = c.text;
  const size_t at = c.text.find(word);
  for (const auto& [begin, end] : segment::sentence_ranges(c.text)) {
    if (at >= begin && at < end) {
      b.text = c.text.substr(begin, end - begin);
      break;
    }
  }
  return b;
}

// Where a condition's words count. Words that name what the work is about (items of personal data,
// a system, 約款) count only where the contract states its subject matter: the title, a clause under
// a subject heading (目的, 業務の内容, …) and the sentence that defines 本業務 or 本サービス. Words that
// only a contract handling such things uses (個人情報, リモート接続) count in any provision too.
// Scope::listed: the subject matter, and any sentence that lists two of the words or more (氏名、住所
// 及び生年月日), as a provision on the data handled does.
enum class Scope { subject, listed, provisions };

// Where the words of a condition count, and in which order a basis is looked for: the title, the
// subject matter, then (for Scope::provisions) every other provision except an address block.
class Subject {
 public:
  Subject(const core::Document& doc, const std::vector<core::Clause>& clauses, const core::Parties& parties,
          const WordCounts& counts)
      : m_title(text::fold(title_of(doc))), m_clauses(clauses), m_parties(parties), m_counts(counts) {}

  /// The basis of a condition whose words are `lists`, or nullopt when no clause gives one.
  std::optional<Basis> find(std::initializer_list<std::pair<std::string_view, Scope>> lists) const {
    for (const auto& [list, scope] : lists) {
      if (auto b = in_title(m_title, list)) {
        return b;
      }
    }
    // Only the words the document has (most have none of them): counted in one pass already.
    bool any = false;
    for (const auto& [list, scope] : lists) {
      for (const std::string& w : words().list(list)) {
        any = any || m_counts.count(w) > 0;
      }
    }
    if (!any) {
      return std::nullopt;
    }
    index();
    // The lists' words that the document has, looked up once.
    std::vector<std::vector<std::pair<const std::string*, int>>> present(lists.size());
    size_t li = 0;
    for (const auto& [list, scope] : lists) {
      for (const std::string& w : words().list(list)) {
        if (m_counts.count(w) > 0) {
          present[li].emplace_back(&w, WordCounts::id_of(w));
        }
      }
      ++li;
    }
    for (const bool subject_pass : {true, false}) {
      for (size_t i = 0; i < m_clauses.size(); ++i) {
        const core::Clause& c = m_clauses[i];
        // A unit's heading is read with its first clause only.
        const bool first_of_unit = i == 0 || m_clauses[i - 1].unit != c.unit;
        const bool heading = first_of_unit && !c.heading.empty();
        if (c.text.empty() || (!m_counts.block_has_any(static_cast<size_t>(c.paragraph)) && !heading)) {
          continue;
        }
        const bool subject_clause = m_subject[i] != 0;
        bool address_checked = false;
        li = 0;
        for (const auto& [list, scope] : lists) {
          const auto& list_words = present[li++];
          if (!subject_pass && scope == Scope::subject) {
            continue;
          }
          if (!subject_pass && scope == Scope::listed) {
            if (auto b = in_list_of(i, list)) {
              return b;
            }
            continue;
          }
          for (const auto& [word, id] : list_words) {
            const std::string& w = *word;
            if (!address_checked) {
              if (address_line(c)) {
                break;
              }
              address_checked = true;
            }
            if (subject_pass && !subject_clause) {
              // Only the sentence that defines the subject matter (「本業務」とは…, …(以下「本業務」という。)).
              if (!has_word(i, id)) {
                continue;
              }
              if (auto b = in_definition(c, w)) {
                return b;
              }
              continue;
            }
            if (has_word(i, id)) {
              Basis b = basis_at(c, w);
              if (subject_pass || counts_in(b.text, list, w)) {
                return b;
              }
              continue;
            }
            if (heading && str::contains(c.heading, w)) {  // 「第5条(個人情報の取扱い)」 over its text
              Basis b = basis_at(c, "");
              b.word = w;
              b.text = c.heading;
              return b;
            }
          }
        }
      }
    }
    return std::nullopt;
  }

  const std::string& title() const { return m_title; }

 private:
  static bool subject(const core::Clause& c) {
    return !words().find_in("subject_heading", c.heading).empty();
  }

  // The sentence of c that defines a subject term and holds `word` before the definition's end: in
  // 「「本業務」とは、…システムの保守をいう。」 and 「…システムの保守業務(以下「本業務」という。)」, but
  // not 「「委託」とは、開発、保守その他の契約をいう。」, whose defined term is no subject.
  static std::optional<Basis> in_definition(const core::Clause& c, std::string_view word) {
    if (!str::contains(c.text, word)) {
      return std::nullopt;
    }
    for (const std::string& term : words().list("subject_term")) {
      const std::string quoted = "「" + term + "」";
      const size_t at = c.text.find(quoted);
      if (at == std::string::npos) {
        continue;
      }
      for (const auto& [begin, end] : segment::sentence_ranges(c.text)) {
        if (at < begin || at >= end) {
          continue;
        }
        const std::string_view sentence = std::string_view(c.text).substr(begin, end - begin);
        const size_t word_at = sentence.find(word);
        const std::string_view after = sentence.substr(at - begin + quoted.size());
        const bool defines = !words().find_in("definition_mark", after.substr(0, 12)).empty() ||
                             str::contains(sentence.substr(0, at - begin), "以下");
        if (defines && word_at != std::string_view::npos) {
          Basis b = basis_at(c, word);
          b.text = std::string(sentence);
          return b;
        }
      }
    }
    return std::nullopt;
  }

  // Whether `word` of `list` counts in this sentence of a provision: not a person's name that is the
  // vendor's staff's, nor an IT word in a definition that lists kinds of contract or things.
  static bool counts_in(std::string_view sentence, std::string_view list, std::string_view word) {
    if (list == "personal_data_person") {
      return words().find_in("staff_word", sentence).empty();
    }
    if (list == "system_object") {
      const std::string_view mark = words().find_in("definition_mark", sentence);
      if (!mark.empty()) {
        const size_t at = sentence.find(mark);
        const size_t open = sentence.rfind("「", at);
        if (open != std::string_view::npos && sentence.find(word) > at) {
          const std::string_view term = sentence.substr(open, at - open);
          return str::contains(term, word) || !words().find_in("subject_term", term).empty();
        }
      }
    }
    return true;
  }

  // A sentence of c that holds two words of `list` or more.
  std::optional<Basis> in_list_of(size_t i, std::string_view list) const {
    const core::Clause& c = m_clauses[i];
    int in_clause = 0;
    for (const std::string& w : words().list(list)) {
      in_clause += has_word(i, WordCounts::id_of(w)) ? 1 : 0;
    }
    if (in_clause < 2) {
      return std::nullopt;
    }
    for (const auto& [begin, end] : segment::sentence_ranges(c.text)) {
      const std::string_view sentence = std::string_view(c.text).substr(begin, end - begin);
      std::string first;
      int found = 0;
      for (const std::string& w : words().list(list)) {
        if (str::contains(sentence, w)) {
          first = found == 0 ? w : first + "/" + w;
          ++found;
        }
      }
      if (found >= 2) {
        Basis b = basis_at(c, "");
        b.word = first;
        b.text = std::string(sentence);
        return b;
      }
    }
    return std::nullopt;
  }

  // A line of an address or signature block: no sentence, and an address label at its start (after
  // a party's name: 「乙 住所 …」).
  bool address_line(const core::Clause& c) const {
    if (c.is_heading || str::contains(c.text, "。")) {
      return false;
    }
    std::string_view t = str::trim(c.text);
    const core::PartyMatch party = core::party_at(m_parties, t, 0);
    t = str::trim(t.substr(party.length));
    for (const std::string& label : words().list("address_label")) {
      if (str::starts_with(t, label)) {
        return true;
      }
    }
    return false;
  }

  // Which clauses state the subject matter, the first time a condition is not decided by the title.
  void index() const {
    if (m_indexed) {
      return;
    }
    m_indexed = true;
    m_subject.resize(m_clauses.size());
    for (size_t i = 0; i < m_clauses.size(); ++i) {
      const bool same_unit = i > 0 && m_clauses[i - 1].unit == m_clauses[i].unit &&
                             m_clauses[i - 1].heading == m_clauses[i].heading;
      m_subject[i] =
          same_unit ? m_subject[i - 1] : static_cast<char>(subject(m_clauses[i]) ? 1 : 0);
    }
  }

  // Whether clause i has the counted word of this id (its block does, in one pass over the text by
  // WordCounts; the clause's text is checked too, since the block's number and 見出し are not in it).
  bool has_word(size_t i, int id) const {
    const core::Clause& c = m_clauses[i];
    return m_counts.block_has(static_cast<size_t>(c.paragraph), id) &&
           str::contains(c.text, WordCounts::counted().words[static_cast<size_t>(id)]);
  }

  std::string m_title;
  const std::vector<core::Clause>& m_clauses;
  const core::Parties& m_parties;
  const WordCounts& m_counts;
  mutable bool m_indexed = false;
  mutable std::vector<char> m_subject;  // by clause: under a subject heading
};

// The first clause with a word of `list`, as the basis of a kind decided by how often they occur.
Basis first_with(const std::vector<core::Clause>& clauses, std::string_view list, int hits) {
  for (const core::Clause& c : clauses) {
    for (const std::string& w : words().list(list)) {
      if (str::contains(c.text, w)) {
        Basis b = basis_at(c, w);
        b.word += " (" + std::to_string(hits) + ")";
        return b;
      }
    }
  }
  return {};
}

// The kinds of a contract: outsourcing, cloud, sns (several at once are normal), from its title
// and how often the kind words occur in its text; `basis` receives why each applies.
std::vector<std::string> classify(const Subject& subject, const std::vector<core::Clause>& clauses,
                                  const WordCounts& counts, std::map<std::string, Basis>& basis) {
  const std::string& title = subject.title();
  std::vector<std::string> kinds;
  const std::optional<Basis> terms_of_service = in_title(title, "terms_title");
  std::optional<Basis> sns = in_title(title, "sns_title");
  const int sns_hits = counts.count_list("sns_text");
  if (!sns && sns_hits >= 6) {
    sns = first_with(clauses, "sns_text", sns_hits);
  }
  std::optional<Basis> cloud = terms_of_service;
  if (!cloud) {
    cloud = in_title(title, "cloud_title");
  }
  const int cloud_hits = counts.count_list("cloud_text");
  if (!cloud && cloud_hits >= 6) {
    cloud = first_with(clauses, "cloud_text", cloud_hits);
  }
  // Outsourcing: any 委託/請負 of work handling the body's information; a cloud contract
  // (not click-through terms) is both, as is an SNS operation agency.
  std::optional<Basis> outsourcing = in_title(title, "outsourcing_title");
  if (!outsourcing && cloud && !terms_of_service) {
    outsourcing = cloud;
  }
  if (!outsourcing && sns) {
    outsourcing = sns;
  }
  if (!outsourcing && !cloud && !sns) {
    outsourcing = Basis{};  // nothing else: the default kind
  }
  for (const auto& [kind, b] : {std::pair{"outsourcing", outsourcing}, std::pair{"cloud", cloud},
                                std::pair{"sns", sns}}) {
    if (b) {
      kinds.emplace_back(kind);
      basis.emplace(kind, *b);
    }
  }
  return kinds;
}

}  // namespace

Expected<core::Document> read_document_bytes(std::string_view bytes, const std::string& path,
                                             const Options& options) {
  const bool pdf = pdf::is_pdf(bytes) ||
                   (str::ends_with(str::to_lower_ascii(path), ".pdf") && !docx_magic(bytes));
  const bool text = !pdf && plain_text_path(path) && !docx_magic(bytes);
  if (pdf || text) {
    if (Status st = check_whole_file_size(bytes, path, options); !st) {
      return st.error();
    }
  }
  if (pdf) {
    return pdf::read_bytes(bytes, path, pdf_options(options));  // says what is wrong with a non-PDF
  }
  if (text) {
    return read_plain_text(path, bytes);
  }
  return docx::read_bytes(bytes, path, read_options(options));
}

Expected<core::Document> read_document(const std::string& path, const Options& options) {
  // Mapped, not read: of a DOCX only the central directory and the parts read are touched (its
  // images never are); a PDF or a text file is checked against the input limit before it is read.
  auto bytes = file::map(path, options.input_limit);
  if (!bytes) {
    return bytes.error();
  }
  return read_document_bytes(bytes->bytes(), path, options);
}

Expected<ReviewResult> review_file(const Engine& engine, const std::string& path, const Options& options) {
  Lap lap(options.phases);
  auto doc = read_document(path, options);
  lap.to(&PhaseTimes::read);
  if (!doc) {
    return doc.error();
  }
  return review_document(engine, std::move(*doc), options);
}

Expected<ReviewResult> review_bytes(const Engine& engine, std::string_view bytes, const std::string& path,
                                    const Options& options) {
  Lap lap(options.phases);
  auto doc = read_document_bytes(bytes, path, options);
  lap.to(&PhaseTimes::read);
  if (!doc) {
    return doc.error();
  }
  return review_document(engine, std::move(*doc), options);
}

std::vector<core::Clause> clauses_of(const core::Document& document) {
  std::vector<segment::NormBlock> norm;
  norm.reserve(document.blocks.size());
  for (const core::Block& b : document.blocks) {
    segment::NormBlock nb;
    nb.label = text::fold(b.label);
    text::Normalized n = text::normalize(b.text);
    nb.text = std::move(n.text);
    nb.to_original = std::move(n.to_original);
    norm.push_back(std::move(nb));
  }
  return segment::split(document, norm);
}

std::vector<core::Status> judge_clause(const Engine& engine, const core::Clause& clause, const core::Parties& parties,
                                       const std::vector<std::string>& ids) {
  std::vector<core::Clause> clauses{clause};
  clauses[0].unit = 0;
  clauses[0].is_heading = false;
  std::vector<core::Sentence> sentences;
  for (const auto& [b, e] : segment::sentence_ranges(clauses[0].text)) {
    core::Sentence s;
    s.clause = 0;
    s.begin = b;
    s.end = e;
    s.text = clauses[0].text.substr(b, e - b);
    sentences.push_back(std::move(s));
  }
  std::map<int, std::string> headings;
  if (!clause.heading.empty()) {
    headings.emplace(0, clause.heading);
  }
  const std::vector<core::RuleSpec>& specs = engine.rules().specs();
  std::vector<size_t> selected;
  std::vector<int> slot(ids.size(), -1);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].kind == core::RuleKind::risk) {
      continue;
    }
    for (size_t k = 0; k < ids.size(); ++k) {
      if (ids[k] == specs[i].id && slot[k] < 0) {
        slot[k] = static_cast<int>(selected.size());
      }
    }
    if (std::find(ids.begin(), ids.end(), specs[i].id) != ids.end()) {
      selected.push_back(i);
    }
  }
  match::Input input{&clauses, &sentences, &parties, "", &headings, false};
  const match::Output out = engine.rules().run(input, selected);
  std::vector<core::Status> result(ids.size(), core::Status::missing);
  for (size_t k = 0; k < ids.size(); ++k) {
    if (slot[k] >= 0 && static_cast<size_t>(slot[k]) < out.findings.size()) {
      result[k] = out.findings[static_cast<size_t>(slot[k])].status;
    }
  }
  return result;
}

ReviewResult review_document(const Engine& engine, core::Document document, const Options& options) {
  ReviewResult r;
  Lap lap(options.phases);
  // 1. Normalise every block.
  std::vector<segment::NormBlock> norm;
  norm.reserve(document.blocks.size());
  std::vector<std::string> texts;
  texts.reserve(document.blocks.size());
  std::string all;
  std::vector<size_t> block_starts;
  block_starts.reserve(document.blocks.size());
  for (const core::Block& b : document.blocks) {
    block_starts.push_back(all.size());
    segment::NormBlock nb;
    nb.label = text::fold(b.label);
    text::Normalized n = text::normalize(b.text);
    nb.text = std::move(n.text);
    nb.to_original = std::move(n.to_original);
    texts.push_back(nb.label.empty() ? nb.text : nb.label + " " + nb.text);
    all += texts.back();
    all += '\n';
    r.characters += static_cast<int>(str::cp_count(b.text));
    norm.push_back(std::move(nb));
  }
  lap.to(&PhaseTimes::normalize);
  // 2. Parties and structure.
  r.parties = segment::resolve_parties(texts);
  std::vector<core::Clause> clauses = segment::split(document, norm);
  std::set<int> units;
  for (const core::Clause& c : clauses) {
    if (!c.unit_ref.empty()) {
      units.insert(c.unit);
    }
  }
  r.clauses = static_cast<int>(units.size());
  // 3. Sentences and tokens.
  std::vector<core::Sentence> sentences;
  for (size_t ci = 0; ci < clauses.size(); ++ci) {
    if (clauses[ci].is_heading) {
      continue;
    }
    for (const auto& [b, e] : segment::sentence_ranges(clauses[ci].text)) {
      core::Sentence s;
      s.clause = static_cast<int>(ci);
      s.begin = b;
      s.end = e;
      s.text = clauses[ci].text.substr(b, e - b);
      sentences.push_back(std::move(s));
    }
  }
  // 4. Which requirements apply.
  const WordCounts counts(all, block_starts);
  const Subject subject(document, clauses, r.parties, counts);
  if (options.kinds.empty()) {
    r.kinds = classify(subject, clauses, counts, r.kind_basis);
  } else {
    r.kinds = options.kinds;
  }
  r.tier = options.tier;
  if (options.profile != nullptr) {
    r.profile = options.profile->name;
    // A policy that binds contractors itself (南陽市 5(3): a provider handling the body's
    // information is a 受託者) makes a cloud contract an outsourcing one too.
    const auto kind = [&](const char* k) { return std::find(r.kinds.begin(), r.kinds.end(), k) != r.kinds.end(); };
    if (options.kinds.empty() && options.profile->binds_contractors && kind("cloud") && !kind("outsourcing")) {
      r.kinds.insert(r.kinds.begin(), "outsourcing");
      r.kind_basis.emplace("outsourcing", r.kind_basis["cloud"]);
    }
  }
  Triggers& t = r.triggers;
  const auto decide = [&](bool Triggers::*flag, core::Applies applies, std::optional<Basis> b) {
    if (b) {
      t.*flag = true;
      t.basis.emplace(core::applies_name(applies), std::move(*b));
    }
  };
  decide(&Triggers::personal_data, core::Applies::personal_data,
         subject.find({{"personal_data", Scope::provisions},
                       {"personal_data_item", Scope::listed},
                       {"personal_data_person", Scope::provisions}}));
  decide(&Triggers::system_work, core::Applies::system_work,
         subject.find({{"system_work", Scope::subject}, {"system_object", Scope::provisions}}));
  decide(&Triggers::remote_access, core::Applies::remote_access,
         subject.find({{"remote_access", Scope::provisions}}));
  decide(&Triggers::terms_of_service, core::Applies::terms_of_service,
         subject.find({{"terms_of_service", Scope::provisions}}));
  if (!t.personal_data && options.profile != nullptr && !options.profile->protected_data.empty()) {
    const std::string protected_data = text::fold(options.profile->protected_data);
    if (has(all, protected_data)) {
      Basis b;
      b.word = protected_data;
      b.text = r.profile;
      decide(&Triggers::personal_data, core::Applies::personal_data, b);
    }
  }
  const auto& specs = engine.rules().specs();
  auto family_selected = [&](const core::RuleSpec& s) {
    const auto k = [&](const char* kind) {
      return std::find(r.kinds.begin(), r.kinds.end(), kind) != r.kinds.end();
    };
    if (s.family == "outsourcing") {
      return k("outsourcing");
    }
    if (s.family == "cloud") {
      return k("cloud");
    }
    if (s.family == "sns") {
      return k("sns");
    }
    if (s.family == "tier") {
      const int n = std::atoi(s.id.c_str() + 5);
      return (r.tier == "mynumber" && n <= 3) || (r.tier == "lgwan" && n == 4);
    }
    return false;
  };
  auto triggered = [&](const core::RuleSpec& s) {
    switch (s.applies) {
      case core::Applies::always: return true;
      case core::Applies::personal_data: return t.personal_data;
      case core::Applies::system_work: return t.system_work;
      case core::Applies::remote_access: return t.remote_access || t.system_work;
      case core::Applies::terms_of_service: return t.terms_of_service;
    }
    return true;
  };
  std::vector<size_t> selected;
  std::vector<size_t> order;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].kind == core::RuleKind::risk || !family_selected(specs[i])) {
      continue;
    }
    order.push_back(i);
    if (triggered(specs[i])) {
      selected.push_back(i);
    }
  }
  std::vector<std::string> applies_trace;  // with --explain: why the requirement and the kinds apply
  if (!options.explain.empty()) {
    for (const core::RuleSpec& s : specs) {
      if (s.id != options.explain || s.applies == core::Applies::always) {
        continue;
      }
      const auto it = t.basis.find(core::applies_name(s.applies));
      if (it == t.basis.end()) {
        applies_trace.push_back(s.id + ": " + core::applies_name(s.applies) + tr(": 該当する条項なし（対象外）", ": no clause says so (not applicable)"));
      } else {
        const Basis& b = it->second;
        applies_trace.push_back(s.id + ": " + core::applies_name(s.applies) + " <- " +
                          (b.title ? tr("表題", "title") : b.clause) + " [" + b.word + "] " + b.text);
      }
    }
    for (const auto& [kind, b] : r.kind_basis) {
      applies_trace.push_back(tr("種別 ", "kind ") + kind + " <- " +
                        (b.title ? tr("表題", "title") : b.paragraph < 0 ? tr("既定", "default") : b.clause) +
                        (b.word.empty() ? "" : " [" + b.word + "] " + b.text));
    }
  }
  std::map<int, std::string> headings;
  for (const core::Clause& c : clauses) {
    if (c.unit >= 0 && !c.heading.empty() && headings.count(c.unit) == 0) {
      headings.emplace(c.unit, c.heading);
    }
  }
  lap.to(&PhaseTimes::structure);
  // 5. Matching; the rules tokenise the sentences they need.
  match::Input input{&clauses, &sentences, &r.parties, options.explain, &headings, options.phases != nullptr};
  match::Output out = engine.rules().run(input, selected);
  size_t next = 0;
  for (size_t i : order) {
    r.specs.push_back(&specs[i]);
    if (next < selected.size() && selected[next] == i) {
      r.findings.push_back(std::move(out.findings[next]));
      ++next;
    } else {
      core::Finding f;
      f.id = specs[i].id;
      f.status = core::Status::not_applicable;
      f.reason = tr("この契約には該当しない（", "does not apply to this contract (") +
                 core::applies_name(specs[i].applies) + tr("の記載がない）", " not mentioned)");
      r.findings.push_back(std::move(f));
    }
  }
  // Suggestions are written with 甲/乙; say them in the contract's own party names.
  if (!r.parties.body_term.empty() && !r.parties.vendor_term.empty()) {
    for (core::Finding& f : r.findings) {
      if (r.parties.body_term != "甲") {
        str::replace_all(f.suggestion, "甲", r.parties.body_term);
      }
      if (r.parties.vendor_term != "乙") {
        str::replace_all(f.suggestion, "乙", r.parties.vendor_term);
      }
    }
  }
  if (options.profile != nullptr) {
    for (size_t i = 0; i < r.findings.size(); ++i) {
      profile::apply(*options.profile, *r.specs[i], r.findings[i]);
    }
  }
  r.risks = std::move(out.risks);
  r.trace = std::move(applies_trace);
  r.trace.insert(r.trace.end(), std::make_move_iterator(out.trace.begin()), std::make_move_iterator(out.trace.end()));
  r.document = std::move(document);
  lap.to(&PhaseTimes::match);
  if (options.phases != nullptr) {
    options.phases->tokenize += out.tokenize_seconds;
    options.phases->match -= out.tokenize_seconds;
  }
  return r;
}

}  // namespace keiyaku::review
