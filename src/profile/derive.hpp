#pragma once

// Reading a body's basic policy (情報セキュリティ基本方針) to find what a profile needs: the body,
// the families its policy has and the article of each, the three-tier clause, whether the policy
// binds contractors itself, and the data the three-tier model protects. Works on the numbered
// structure (outline.hpp), so any numbering the policy uses can be cited back; families are found
// by what a sentence is about (a subject term and the acts the policy asks for), not by article
// numbers. Pure functions; thread-safe.

#include <profile/outline.hpp>
#include <profile/profile.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace keiyaku::profile {

/// Where something was found: the provision's reference and the sentence.
struct Found {
  std::string article;   ///< 6(8), 第6条(8), 7(8)ア
  std::string sentence;  ///< the sentence as read (normalised and repaired)
  int line = 0;          ///< 1-based line in the input where the sentence's paragraph starts
  bool hedged = false;   ///< the clause is hedged (「必要に応じて…を整備」, 「努める」)
};

struct Derived {
  std::string body;    ///< 土浦市, 熊本市議会, 山武郡市広域水道企業団
  std::string policy;  ///< the policy's title: 土浦市情報セキュリティポリシー（基本方針）
  std::map<std::string, Found> families;  ///< outsourcing, cloud, sns: only those present
  std::optional<Found> three_tier;        ///< the clause that introduces the three segments
  bool binds_contractors = false;         ///< 受託者 are defined or covered, and bound to comply
  std::optional<Found> contractor_duty;   ///< the sentence binding them (南陽市 5(3))
  std::string protected_data;             ///< 住民情報, 契約者情報; "" when the policy names none
  std::optional<Found> protected_data_from;
  /// The outsourcing clause qualifies whom to choose (「適切な情報管理が可能な委託事業者を選定」):
  /// contractor selection (OUT-01) becomes a must. The phrase itself.
  std::optional<Found> selection_qualified;
  Outline outline;  ///< the structure read
};

/// Reads a policy text (PDF-extracted text, Markdown, or the paragraphs of a DOCX joined by
/// newlines with their numbering labels in front).
Derived derive(std::string_view text);

/// The profile a derivation gives: its families and articles, severities the policy changes
/// (a hedged family: missing terms are should; a qualified selection: OUT-01 must), the contractor
/// duty as a basis of OUT-02.
Profile to_profile(const Derived& derived, const std::string& name);

}  // namespace keiyaku::profile
