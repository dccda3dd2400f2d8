#pragma once

#include <core/clause.hpp>

#include <optional>
#include <string>
#include <vector>

namespace keiyaku::core {

/// A verdict (SPEC §2).
enum class Status { satisfied, weak, contradicted, missing, not_applicable };
const char* status_name(Status status);
bool parse_status(std::string_view name, Status& out);

/// How a requirement is read from a sentence's actor and modality (requirements/README.md).
enum class RuleKind { duty, ban, right, risk };

/// When a requirement applies beyond its family (CATALOG §2.5).
enum class Applies { always, personal_data, system_work, remote_access, terms_of_service };
const char* applies_name(Applies applies);

/// Terms with the reason shown when they decide a verdict.
/// Joins the parts of a term composed of concepts (「@other_firmsに@delegate」 → 第三者␟に␟任せる): the
/// engine tokenises each part once instead of every phrase whole. Never shown to a user.
inline constexpr char k_term_join = '\x1f';

struct TermGroup {
  std::vector<std::string> terms;
  std::string reason;
  /// [[contradicts]]: the contradiction does not hold when the sentence's proviso carves one of
  /// these out (a liability cap with 「ただし、…漏えいによる損害については、この限りでない」).
  /// [[weak]]: the limit does not hold when the sentence also states one of these, so that the limited
  /// form is only one way among others (「監査報告書の提出を求め、又は事業所に立ち入る」).
  std::vector<std::string> unless;
  /// [[elements]] only: where the element is looked for when it differs from the requirement's
  /// elements_in (a sub-contracting clause whose flow-down sits in another article).
  std::optional<bool> in_document;
  /// [[elements]] only: a part the contract may leave out, but that keeps the verdict weak when it is
  /// stated only weakly (OUT-07's removal of data: 「持ち出すときは通知すれば足りる」).
  bool optional = false;
  /// [[contradicts]] only: words that, in the same sentence, make the contradiction an exception to a
  /// hedged rule (CLD-04: 「主として国内…バックアップは国外の場合がある」 is weak, not contradicting).
  std::vector<std::string> hedged_by;
};

/// One of a requirement's own tests.
struct RuleExample {
  std::string text;
  std::string expect;  ///< a status name, or "flagged"/"none" for risks
  int line = 0;
};

/// A requirement as read from its data file (requirements/<family>/<ID>-<slug>.toml).
struct RuleSpec {
  std::string id;
  std::string family;     ///< outsourcing | cloud | sns | tier | risk
  std::string file;       ///< path it was read from
  std::string title;
  std::string title_en;
  std::string severity = "must";  ///< must | should
  std::string description;
  std::vector<std::string> basis;
  Applies applies = Applies::always;
  RuleKind kind = RuleKind::duty;
  Actor actor = Actor::vendor;
  std::vector<std::vector<std::string>> topic;  ///< AND of OR-groups
  std::vector<std::string> exclude;
  /// Words that name the requirement's matter on their own (再委託, サービスレベル, 定期報告): a
  /// document that names it in a sentence but never states it fully is weak, not missing.
  std::vector<std::string> mention;
  /// risk only: the requirements a flagged clause of this risk contradicts (RISK-09: OUT-09, CLD-11).
  std::vector<std::string> against;
  /// Acts the requirement forbids (開示, 漏らす; 保有し続ける for erasure): a clause that rules one
  /// out keeps the requirement, one that permits it without the body's consent contradicts it.
  std::vector<std::string> forbids;
  std::vector<TermGroup> elements;
  /// Where the elements must be: in the deciding article (default) or anywhere in the document
  /// (a requirement whose parts contracts put in separate articles: 目的外利用, 複製, 持出し).
  bool elements_in_document = false;
  /// A duty whose required form is on request (CLD-06: logs handed over when the body asks): the
  /// body's request does not weaken it.
  bool on_request_accepted = false;
  /// A duty whose form is a limit (OUT-05: access 「…指定したものに限る」): a clause that limits its
  /// object is the duty, not a duty narrowed.
  bool limits_accepted = false;
  /// A duty whose substance is what the body may do (CLD-10: 「甲は、…データを取り出すことができる」):
  /// the body's leave to do it is the vendor's duty to let it.
  bool body_may_accepted = false;
  /// A requirement whose matter a title may name for every clause under it (SNS-05: the title
  /// 「公式SNSアカウント運用業務委託契約書」 or 「ソーシャルメディア運用に関する特記事項」 names the
  /// account its 「パスワードは…」 is about): the document's or the annex's title is context, as a
  /// 見出し is.
  bool title_context = false;
  std::vector<TermGroup> weak;
  std::vector<TermGroup> contradicts;
  std::string suggestion;
  /// The verdict when nothing in the document addresses it: missing, or weak where silence is
  /// itself a weakness (CLD-05: no governing-law clause).
  Status absent = Status::missing;
  /// duty only: a sentence that forbids the required act (「情報を提供しないこと」) contradicts it.
  /// Off for duties whose own form is a prohibition (「インターネットと接続しないこと」).
  bool denial_contradicts = false;
  std::string absent_reason;
  std::vector<RuleExample> examples;
};

/// Where a verdict was read.
struct Evidence {
  std::string clause;   ///< 第9条第2項, 特記事項第4条, 5.(2)
  std::string text;     ///< the sentence as the document writes it
  int paragraph = 0;    ///< Block::paragraph
};

/// An approved exception (例外承認) to one requirement for one contract, until a date.
struct Waived {
  std::string reason;
  std::string approver;
  std::string until;  ///< ISO date, the last day it applies
  /// The contract's text is not the one the waiver was granted on (the contract was saved again
  /// since): it still applies, and the reviewer confirms it.
  bool text_changed = false;
};

/// One requirement's verdict on one document.
struct Finding {
  std::string id;
  Status status = Status::missing;
  std::vector<Evidence> evidence;
  std::string reason;
  std::string suggestion;
  /// Set by a profile: the severity the body's policy gives it ("" = RuleSpec::severity).
  std::string severity;
  /// Set by a profile: the body's own articles, cited after RuleSpec::basis.
  std::vector<std::string> policy_basis;
  /// Set when an unexpired waiver covers this verdict; the status stays as found.
  std::optional<Waived> waived;
};

/// The severity that counts for a finding: the profile's, else the requirement's.
inline const std::string& severity_of(const Finding& finding, const RuleSpec& spec) {
  return finding.severity.empty() ? spec.severity : finding.severity;
}

/// A RISK-* clause found in the document.
struct RiskFinding {
  std::string id;
  Evidence evidence;
  std::string message;
};

}  // namespace keiyaku::core
