#pragma once

// Profiles: what one local body's own 情報セキュリティ基本方針 requires. A profile says which
// requirement families the policy contains, which article grounds each, which requirements it
// makes stricter or looser, and what data the three-tier model protects. Profiles are data files
// (requirements/profiles/<name>.toml, docs/profiles.md); `keiyaku profile derive` writes them
// from a policy text.

#include <base/expected.hpp>
#include <core/rule.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::profile {

/// The families of a policy, as profiles and `profile derive` name them.
inline constexpr std::string_view k_families[] = {"outsourcing", "cloud", "sns", "three_tier"};

/// The profile family of a requirement family (outsourcing, cloud, sns, tier → three_tier);
/// "" for families no policy clause governs (risk).
std::string_view family_of(std::string_view requirement_family);

/// 業務委託 / 外部サービス / ソーシャルメディア / 三層の対策 (in the UI language).
std::string family_label(std::string_view family);

/// The clause of the policy that grounds a family.
struct Provision {
  std::string article;   ///< as the policy numbers it: 6(8), 第6条(8), 7(8)イ; "" = not cited
  std::string sentence;  ///< the sentence it was read from
  bool hedged = false;   ///< the clause itself is hedged (「必要に応じて…規定を整備」): missing → should
  std::string severity;  ///< "" | must | should: the severity of every requirement of the family
};

/// A change the policy makes to one requirement.
struct RequirementRule {
  std::string severity;               ///< "" | must | should
  std::vector<std::string> articles;  ///< more articles of the policy that ground it
  std::string reason;                 ///< why (shown with the severity)
};

struct Profile {
  std::string name;            ///< stable id: tsuchiura, kumamoto-gikai, default
  std::string body;            ///< 土浦市
  std::string policy;          ///< the title cited beside an article: 土浦市情報セキュリティ基本方針
  std::string protected_data;  ///< what the three-tier model protects: 住民情報, 契約者情報
  bool binds_contractors = false;       ///< the policy binds 受託者 directly (南陽市 5(3))
  std::string binds_contractors_article;
  std::string description;
  std::map<std::string, Provision> families;  ///< only the families the policy contains
  std::map<std::string, std::string> absent;  ///< note shown for a family the policy lacks
  std::map<std::string, RequirementRule> requirements;  ///< by requirement id (OUT-01)
  std::string file;                           ///< where it was read from

  bool has(std::string_view family) const { return families.count(std::string(family)) > 0; }
};

/// Reads a profile file. Unknown keys, wrong types and bad values fail with file:line:col.
Expected<Profile> load_file(const std::string& path);

/// Every profile in a directory (*.toml), sorted by name.
Expected<std::vector<Profile>> load_dir(const std::string& dir);

/// A profile by name (`dir`/NAME.toml) or by path (anything with a '/' or ending in .toml). An
/// unknown name is ErrorCode::not_found with "did you mean".
Expected<Profile> find(const std::string& dir, const std::string& name_or_path);

/// The profile as a TOML file that load_file reads back.
std::string to_toml(const Profile& profile, std::string_view header_comment);

/// The citation of an article: 「土浦市情報セキュリティ基本方針 6(8)」.
std::string citation(const Profile& profile, std::string_view article);

/// Applies the profile to one verdict: a family the policy lacks becomes not_applicable with the
/// reason 「方針上の要求なし」; otherwise the policy's articles are added to the basis and the
/// severity follows the profile. Risk findings are left alone.
void apply(const Profile& profile, const core::RuleSpec& spec, core::Finding& finding);

/// The severity the profile gives a requirement ("" = the requirement's own).
std::string severity_for(const Profile& profile, const core::RuleSpec& spec);

}  // namespace keiyaku::profile
