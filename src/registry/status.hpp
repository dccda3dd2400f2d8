#pragma once

// Derived facts: a vendor's status, what is due, certificate lifecycles. Pure functions of the
// records and a date, so that they are computed at query time and never stored. Thread-safe.

#include <registry/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace keiyaku::registry {

/// The latest verification (by date, then id), or nullptr.
const Verification* latest_verification(const std::vector<Verification>& verifications);

/// Certificates not superseded by a later one of the same kind and number (a renewal).
std::vector<const Certificate*> current_certificates(const std::vector<Certificate>& certificates);

/// 未確認 / 確認済 / 要是正 / 期限切れ on `today`:
///   要是正   the latest verification came out needs-fix or failed;
///   期限切れ the latest verification is past its next-due date, or the vendor has certificates
///            and every one has expired;
///   確認済   the latest verification is ok (and nothing above applies);
///   未確認   no verification at all.
/// A next-due or valid-to date equal to `today` is not yet past.
StatusInfo derive_status(const std::vector<Certificate>& certificates,
                         const std::vector<Verification>& verifications,
                         Date today);

/// What of one vendor needs verifying or renewing on or before `until`, overdue items included:
/// the latest verification's next-due date, a needs-fix/failed result with no next-due date,
/// current certificates that expire, and a vendor never verified (due since it was added).
std::vector<DueItem> due_items(const Vendor& vendor,
                               const std::vector<Certificate>& certificates,
                               const std::vector<Verification>& verifications,
                               Date today,
                               Date until);

/// Sorts soonest first, then by vendor name and item.
void sort_due(std::vector<DueItem>& items);

/// The usual lifecycle of a certificate kind, to propose a valid-to date:
///   ISMS, ISO 27017, ISO 27018: 3 years; プライバシーマーク: 2 years; SOC 2: 1 year (the report);
///   ISMAP, ISMAP-LIU: until 1年4か月 after the end of the audited period.
/// Returns nothing for `other`. For ISMAP without `audit_end` the date is estimated from
/// `valid_from` (an upper bound).
std::optional<Date> propose_valid_to(CertKind kind, Date valid_from, std::optional<Date> audit_end);

/// Warnings (one line each, in the UI language) for a certificate whose dates look wrong: longer
/// than its kind's lifecycle allows, already expired on `today`, an audit end for a kind that has
/// none. A valid-to before valid-from is an error, checked by the caller.
std::vector<std::string> certificate_warnings(const Certificate& certificate, Date today);

/// The date part of an ISO 8601 timestamp ("2026-04-01T09:00:00+09:00" -> 2026-04-01).
std::optional<Date> timestamp_date(const std::string& timestamp);

}  // namespace keiyaku::registry
