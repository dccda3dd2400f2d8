#pragma once

#include <core/clause.hpp>
#include <core/parties.hpp>

#include <string>
#include <string_view>

namespace keiyaku::match {

/// The binding force of a sentence's main predicate.
enum class Modality {
  obligation,   ///< しなければならない, するものとする, すること, 義務を負う, plain 「する。」
  prohibition,  ///< してはならない, しないこと, しないものとする, 禁止する
  permission,   ///< することができる, 差し支えない, することがある
  effort,       ///< 努める, 配慮する, 留意する, 望ましい
  negative,     ///< しない, 負わない, 応じない, 保証しない, ことはできない
};
const char* modality_name(Modality modality);

/// Who controls an exception (ただし…この限りでない / …を除き).
enum class ExceptionBy { none, body, vendor, law, other };

/// Everything the requirement rules need to know about one sentence.
struct SentenceInfo {
  core::Actor actor = core::Actor::unknown;
  bool implicit_actor = false;   ///< no subject; a 仕様書 「〜すること。」 binds the vendor
  Modality modality = Modality::obligation;
  bool on_request = false;       ///< only when the body asks (甲が求めた場合)
  bool vendor_discretion = false;  ///< 乙が必要と認める/判断する
  bool body_discretion = false;  ///< 甲が必要と認める
  bool softened = false;         ///< 原則として, 可能な限り, 必要に応じて, 適宜, 合理的な範囲
  bool principle = false;        ///< 原則として
  bool consult = false;          ///< 協議の上 / 協議して
  bool body_consent = false;     ///< the body's 承諾/承認/許可/同意 is a condition
  bool vendor_consent = false;   ///< the vendor's 同意/承諾 is a condition (for the body's rights)
  bool consent_waived = false;   ///< 承諾を要しない / 承諾を得ることなく
  bool notice = false;           ///< 通知/届出/報告 mentioned
  ExceptionBy exception = ExceptionBy::none;
};

/// Analyses one sentence. `next` is the following sentence of the same clause (for
/// 「ただし、…この限りでない。」), empty if none. `spec` is true for 仕様書-style documents.
SentenceInfo analyse(std::string_view sentence, std::string_view next, const core::Parties& parties);

/// Who controls the exception stated in `text` (甲の承諾 → body, 法令 → law, 乙が必要と認める → vendor).
ExceptionBy exception_controller(std::string_view text, const core::Parties& parties);

}  // namespace keiyaku::match
