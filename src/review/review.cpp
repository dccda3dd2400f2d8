#include "review.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
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
#include <set>

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

// Words counted over a contract's whole text: the kind words of classify() and the trigger words
// of conditional requirements. One automaton pass instead of a find() loop per word.
constexpr std::array<std::string_view, 40> k_text_words = {
    // kinds
    "SNS", "ソーシャルメディア", "公式アカウント", "投稿", "クラウド", "SaaS", "データセンター", "リージョン", "利用料",
    // personal data
    "個人情報", "特定個人情報", "個人番号", "マイナンバー", "住民", "氏名", "住所", "契約者情報", "被保険者",
    "申請者", "利用者情報", "生年月日",
    // system work
    "システム", "プログラム", "ソフトウェア", "開発", "構築", "保守", "改修", "ネットワーク", "サーバ", "運用",
    // remote access
    "リモート", "遠隔", "VPN", "外部からの接続", "保守回線",
    // terms of service
    "利用規約", "約款", "本規約", "定型約款"};

// How often each word occurs, without overlaps (as a find() loop from the end of each match).
class WordCounts {
 public:
  explicit WordCounts(std::string_view text) : m_text(text) {
    static const match::AhoCorasick automaton = [] {
      match::AhoCorasick a;
      for (std::string_view w : k_text_words) {
        a.add(w);
      }
      a.build();
      return a;
    }();
    m_counts.assign(automaton.size(), 0);
    std::vector<size_t> free_from(automaton.size(), 0);
    automaton.scan(text, [&](int id, size_t end) {
      const auto i = static_cast<size_t>(id);
      const size_t start = end - word(i).size();
      if (start >= free_from[i]) {
        ++m_counts[i];
        free_from[i] = end;
      }
    });
  }
  int count(std::string_view w) const {
    for (size_t i = 0; i < m_counts.size(); ++i) {
      if (word(i) == w) {
        return m_counts[i];
      }
    }
    int c = 0;  // a word outside the lists: count it the slow way
    for (size_t p = m_text.find(w); p != std::string_view::npos; p = m_text.find(w, p + w.size())) {
      ++c;
    }
    return c;
  }
  bool has(std::string_view w) const { return count(w) > 0; }

 private:
  static std::string_view word(size_t i) {
    return k_text_words[i];
  }
  std::string_view m_text;
  std::vector<int> m_counts;
};

Expected<core::Document> read_plain_text(const std::string& path, std::string_view data) {
  text::DecodedText decoded = text::decode_text(data);
  if (!decoded.readable) {
    return Error(ErrorCode::invalid_input,
                 path + ": " + tr("UTF-8 でも Shift_JIS でもないテキストです", "not UTF-8 or Shift_JIS text"));
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
  return ro;
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

// The kinds of a contract: outsourcing, cloud, sns (several at once are normal), from its title
// and how often the kind words occur in its text.
std::vector<std::string> classify(const core::Document& doc, const WordCounts& words) {
  const std::string title = text::fold(title_of(doc));
  std::vector<std::string> kinds;
  const bool terms_of_service = has(title, "規約") || has(title, "約款");
  bool sns = false;
  for (std::string_view w : {"SNS", "ソーシャルメディア", "公式アカウント", "Instagram", "Facebook",
                             "YouTube", "TikTok", "LINE公式"}) {
    sns = sns || has(title, w);
  }
  const int sns_hits = words.count("SNS") + words.count("ソーシャルメディア") + words.count("公式アカウント") +
                       words.count("投稿");
  sns = sns || sns_hits >= 6;
  bool cloud = terms_of_service;
  for (std::string_view w : {"クラウド", "SaaS", "ASP", "IaaS", "PaaS", "データセンター", "ホスティング",
                             "サービス利用", "サービスの利用", "オンラインストレージ", "Web会議"}) {
    cloud = cloud || has(title, w);
  }
  const int cloud_hits = words.count("クラウド") + words.count("SaaS") + words.count("データセンター") +
                         words.count("リージョン") + words.count("利用料");
  cloud = cloud || cloud_hits >= 6;
  // Outsourcing: any 委託/請負 of work handling the body's information; a cloud contract
  // (not click-through terms) is both, as is an SNS operation agency.
  const bool outsourcing = has(title, "委託") || has(title, "請負") || has(title, "業務") ||
                           (cloud && !terms_of_service) || sns || (!cloud && !sns);
  if (outsourcing) {
    kinds.emplace_back("outsourcing");
  }
  if (cloud) {
    kinds.emplace_back("cloud");
  }
  if (sns) {
    kinds.emplace_back("sns");
  }
  return kinds;
}

}  // namespace

Expected<core::Document> read_document_bytes(std::string_view bytes, const std::string& path,
                                             const Options& options) {
  if (pdf::is_pdf(bytes)) {
    return pdf::read_bytes(bytes, path);
  }
  if (plain_text_path(path) && !docx_magic(bytes)) {
    return read_plain_text(path, bytes);
  }
  if (str::ends_with(str::to_lower_ascii(path), ".pdf") && !docx_magic(bytes)) {
    return pdf::read_bytes(bytes, path);  // says what is wrong with it
  }
  return docx::read_bytes(bytes, path, read_options(options));
}

Expected<core::Document> read_document(const std::string& path, const Options& options) {
  const size_t max_bytes = std::max(docx::Limits{}.max_input_bytes, pdf::Limits{}.max_input_bytes);
  auto bytes = file::read(path, max_bytes);
  if (!bytes) {
    return bytes.error();
  }
  return read_document_bytes(*bytes, path, options);
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

ReviewResult review_document(const Engine& engine, core::Document document, const Options& options) {
  ReviewResult r;
  Lap lap(options.phases);
  // 1. Normalise every block.
  std::vector<segment::NormBlock> norm;
  norm.reserve(document.blocks.size());
  std::vector<std::string> texts;
  texts.reserve(document.blocks.size());
  std::string all;
  for (const core::Block& b : document.blocks) {
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
  const WordCounts words(all);
  r.kinds = options.kinds.empty() ? classify(document, words) : options.kinds;
  r.tier = options.tier;
  if (options.profile != nullptr) {
    r.profile = options.profile->name;
    // A policy that binds contractors itself (南陽市 5(3): a provider handling the body's
    // information is a 受託者) makes a cloud contract an outsourcing one too.
    const auto kind = [&](const char* k) { return std::find(r.kinds.begin(), r.kinds.end(), k) != r.kinds.end(); };
    if (options.kinds.empty() && options.profile->binds_contractors && kind("cloud") && !kind("outsourcing")) {
      r.kinds.insert(r.kinds.begin(), "outsourcing");
    }
  }
  Triggers& t = r.triggers;
  for (std::string_view w : {"個人情報", "特定個人情報", "個人番号", "マイナンバー", "住民", "氏名", "住所",
                             "契約者情報", "被保険者", "申請者", "利用者情報", "生年月日"}) {
    t.personal_data = t.personal_data || words.has(w);
  }
  for (std::string_view w : {"システム", "プログラム", "ソフトウェア", "開発", "構築", "保守", "改修",
                             "ネットワーク", "サーバ", "運用"}) {
    t.system_work = t.system_work || words.has(w);
  }
  for (std::string_view w : {"リモート", "遠隔", "VPN", "外部からの接続", "保守回線"}) {
    t.remote_access = t.remote_access || words.has(w);
  }
  for (std::string_view w : {"利用規約", "約款", "本規約", "定型約款"}) {
    t.terms_of_service = t.terms_of_service || words.has(w);
  }
  if (options.profile != nullptr && !options.profile->protected_data.empty()) {
    t.personal_data = t.personal_data || has(all, text::fold(options.profile->protected_data));
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
  r.trace = std::move(out.trace);
  r.document = std::move(document);
  lap.to(&PhaseTimes::match);
  if (options.phases != nullptr) {
    options.phases->tokenize += out.tokenize_seconds;
    options.phases->match -= out.tokenize_seconds;
  }
  return r;
}

}  // namespace keiyaku::review
