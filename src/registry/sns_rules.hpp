#pragma once

// The SNS registry rules (CATALOG §3.3) as pure checks of one account record. Thread-safe.

#include <registry/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace keiyaku::registry {

/// An account unreviewed for longer than this breaks SNS-05.
inline constexpr int k_review_months = 12;
/// An account with no post for longer than this is dormant (SNS-06).
inline constexpr int k_dormant_days = 180;

/// What the checks need to know of the vendor that operates an account.
struct OperatorInfo {
  std::string name;
  StatusInfo status;
};

/// "x:@koho_city" — how problems name an account.
std::string account_label(const Account& account);

/// Every SNS registry rule the account breaks on `today`, in rule order:
///   SNS-01 no procedure document;
///   SNS-02 no owner, no deputy, or the department changed while the owner stayed the same;
///   SNS-04 not listed on the body's own site, or the profile does not name the body;
///   SNS-05 multi-factor authentication off; no review in k_review_months;
///   SNS-06 dormant (last post more than k_dormant_days ago);
///   SNS-07 used for emergency information with no page of the body's own site recorded;
///   SNS-08 operated by a vendor that is not 確認済.
/// `op` is the operating vendor, or nullptr when the body runs the account itself.
std::vector<SnsProblem> check_account(const Account& account, const OperatorInfo* op, Date today);

}  // namespace keiyaku::registry
