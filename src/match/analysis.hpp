#pragma once

#include <core/clause.hpp>
#include <core/parties.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::match {

/// The binding force of a clause, read from its ending (dictionaries/grammar.tsv).
enum class Modality {
  obligation,   ///< しなければならない, するものとする, すること, 義務を負う, a plain verb, します
  prohibition,  ///< してはならない, しないこと, しないものとする… as a ban, 禁止する
  permission,   ///< することができる, 差し支えない, 妨げない
  effort,       ///< 努める, 最善を尽くす, 検討する, 配慮する, 望ましい
  negative,     ///< しない, 負わない, 応じない, 保証しない: what it negates decides
  possibility,  ///< することがある, 場合がある, ことも可能である: nobody is bound
  release,      ///< 必要はない, 要しない, 妨げられない, 制限されない: the party is freed
  statement,    ///< である, している: a description, not an undertaking
  unknown,      ///< an ending the grammar does not know: binds nobody
};
const char* modality_name(Modality modality);
/// True for the modalities by which a party undertakes something (obligation, prohibition).
bool binds(Modality modality);

/// Who controls an exception (ただし…この限りでない / …を除き).
enum class ExceptionBy { none, body, vendor, law, other };

/// A clause of a sentence that ends before the sentence does (「…受け入れないものとし、」): its byte
/// range in the sentence and the modality its continuative form gives it.
struct Segment {
  size_t begin = 0;
  size_t end = 0;
  Modality modality = Modality::obligation;
  std::string ending;  ///< the continuative form that ends it, without 「、」 (ないものとし)
};

/// Everything the requirement rules need to know about one sentence.
struct SentenceInfo {
  core::Actor actor = core::Actor::unknown;
  bool refers_back = false;      ///< it takes the terms of the provisions it names (「前各項に定める範囲を
                                 ///< 超えて…しません」): their phrases are judged where they are written
  bool implicit_actor = false;   ///< no subject; a 仕様書 「〜すること。」 binds the vendor
  bool agent_only = false;       ///< the actor is a party marked by が, not a topic: it can weaken or
                                 ///< contradict, never satisfy (「前項の規定は、乙が…ことを妨げない」)
  /// The party named as the topic of the last clause when it differs from the sentence's first
  /// (「甲は、…確認することができ、乙はこれに応じる」: the last clause is 乙's), else unknown.
  core::Actor last_actor = core::Actor::unknown;
  Modality modality = Modality::unknown;  ///< of the sentence's last clause
  std::string ending;            ///< the words that gave the modality (or the last ones, if unknown)
  std::vector<Segment> segments; ///< the clauses before the last one (empty: one clause)
  bool on_request = false;       ///< only when the body asks (甲が求めた場合)
  bool vendor_discretion = false;  ///< 乙が必要と認める/判断する
  bool body_discretion = false;  ///< 甲が必要と認める
  bool softened = false;         ///< 原則として, 可能な限り, 必要に応じて, 適宜, 合理的な範囲
  bool principle = false;        ///< 原則として
  bool feasible = false;         ///< 可能な場合, 支障がない場合: the vendor's convenience decides
  bool work_need = false;  // limited to what the work needs (「業務に必要な範囲で」, 「必要な限度において」)
  bool narrowed = false;         ///< 不正な目的で, 「秘」の表示があるものに限る: part of what is needed
  bool equivalent = false;       ///< 又はこれと同程度の: an alternative the vendor may read widely
  bool notice_suffices = false;  ///< 通知すれば足りる, 掲示することで足りる
  bool consult = false;          ///< 協議の上 / 協議して
  bool body_consent = false;     ///< the body's 承諾/承認/許可/同意 is a condition
  bool vendor_consent = false;   ///< the vendor's 同意/承諾 is a condition (for the body's rights)
  bool consent_waived = false;   ///< 承諾を要しない / 承認を得ずに / 同意なく
  bool notice = false;           ///< 通知/届出/報告 mentioned
  ExceptionBy exception = ExceptionBy::none;
};

/// The modality of a clause from its last words (without 「。」): the longest ending of the
/// grammar that matches, or unknown. `ending` receives the words that decided it.
Modality modality_of_ending(std::string_view clause, std::string* ending = nullptr);

/// A clause without its final 「。」, closing brackets and spaces: where its ending is read.
std::string_view clause_end(std::string_view clause);

/// Analyses one sentence. `next` is the following sentence of the same clause (for
/// 「ただし、…この限りでない。」), empty if none.
SentenceInfo analyse(std::string_view sentence, std::string_view next, const core::Parties& parties);

/// Who controls the exception stated in `text` (甲の承諾 → body, 法令 → law, 乙が必要と認める → vendor).
ExceptionBy exception_controller(std::string_view text, const core::Parties& parties);

/// Phrases of one category of dictionaries/grammar.tsv (request, judgement, consent, …), for the
/// rules that need them outside analyse(). Throws std::logic_error for a category that does not exist.
const std::vector<std::string>& grammar_list(std::string_view category);

}  // namespace keiyaku::match
