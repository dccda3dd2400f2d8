#pragma once

// Plain data of the registry: what is read from and written to the SQLite file. No SQLite type
// appears here; every struct is a value type, safe to copy between threads.

#include <registry/dates.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::registry {

// --- Enumerations, with their stable spellings (CLI values, database values, JSON) ---

enum class CertKind { isms, iso27017, iso27018, ismap, ismap_liu, pmark, soc2, other };
enum class VerifyMethod { checksheet, onsite, report, certificate, other };
enum class VerifyResult { ok, needs_fix, failed };
/// Derived, never stored: 未確認 / 確認済 / 要是正 / 期限切れ.
enum class VendorStatus { unverified, verified, needs_fix, expired };
enum class Service { x, facebook, instagram, line, youtube, tiktok, note, other };

/// "isms", "ismap-liu", ...: the value used on the command line, in the database and in JSON.
std::string_view name(CertKind v);
std::string_view name(VerifyMethod v);
std::string_view name(VerifyResult v);
std::string_view name(VendorStatus v);  // "unverified", "verified", "needs_fix", "expired"
std::string_view name(Service v);

std::optional<CertKind> parse_cert_kind(std::string_view s);
std::optional<VerifyMethod> parse_verify_method(std::string_view s);
std::optional<VerifyResult> parse_verify_result(std::string_view s);
std::optional<Service> parse_service(std::string_view s);

/// How people read them: "ISMS (ISO/IEC 27001)", "プライバシーマーク", "X", "確認済" / "verified".
std::string label(CertKind v);
std::string label(VerifyMethod v);
std::string label(VerifyResult v);
std::string label(VendorStatus v);
std::string label(Service v);
/// The Japanese term whatever the UI language: 未確認, 確認済, 要是正, 期限切れ.
std::string_view label_ja(VendorStatus v);

/// Every value, in declaration order (for --help and validation messages).
std::vector<std::string_view> cert_kind_names();
std::vector<std::string_view> verify_method_names();
std::vector<std::string_view> verify_result_names();
std::vector<std::string_view> service_names();

// --- Records ---

struct Vendor {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> corporate_number;  // 13 digits, check digit valid
  std::string address;
  std::string contact;
  std::string created_at;
  std::string updated_at;
};

struct Certificate {
  int64_t id = 0;
  int64_t vendor_id = 0;
  CertKind kind = CertKind::other;
  std::string number;
  std::string scope;
  std::string issuer;
  Date valid_from;
  Date valid_to;
  std::optional<Date> audit_end;  // ISMAP: end of the audited period
  std::string created_at;
};

/// A verification event (確認): what was checked, how it came out, what proves it.
struct Verification {
  int64_t id = 0;
  int64_t vendor_id = 0;
  Date verified_on;
  VerifyMethod method = VerifyMethod::checksheet;
  VerifyResult result = VerifyResult::ok;
  std::optional<std::string> evidence_path;    // absolute path; the file is not copied
  std::optional<std::string> evidence_sha256;  // of the file when recorded
  std::string note;
  std::optional<Date> next_due;
  std::string verified_by;
  std::string created_at;
};

/// A contract: referenced by its id in `contracts`, or by a free reference string (契約番号).
struct ContractRef {
  std::optional<int64_t> id;
  std::string text;  // the reference as given; for an id, the contract's path
};

/// The minimal contract record; `batch` extends it.
struct Contract {
  int64_t id = 0;
  std::string path;
  std::string sha256;
  std::string title;
  std::optional<int64_t> vendor_id;
  std::string created_at;
};

/// 再委託: `subcontractor_id` works for `vendor_id` on `contract`.
struct Subcontract {
  int64_t id = 0;
  int64_t vendor_id = 0;
  int64_t subcontractor_id = 0;
  ContractRef contract;
  std::optional<Date> approved_on;
  std::string approval_doc;
  std::string created_at;
};

/// An official social-media account.
struct Account {
  int64_t id = 0;
  Service service = Service::other;
  std::string handle;
  std::string url;
  std::string department;
  std::string owner;             // 責任者: required
  std::string owner_department;  // department when the owner was last set
  std::string deputy;
  std::string procedure_doc;
  std::string listed_at;  // the page of the body's own site that lists the account
  bool profile_names_body = false;
  bool mfa = false;
  std::optional<int64_t> operator_id;  // the vendor that runs it, when outsourced
  std::string purpose;
  bool emergency = false;  // used for 防災・緊急 (可用性2) information
  std::optional<Date> last_review;
  std::optional<Date> last_post;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> retired_at;
  std::string retire_reason;
};

/// An approved exception to a requirement for one contract, valid until a date. It belongs to the
/// registered contract (`contract.id`) when there is one, and to the text it was granted on
/// (`sha256`): a later version of the same contract is still covered, and shown as changed.
struct Waiver {
  int64_t id = 0;
  ContractRef contract;
  /// SHA-256 of the contract's bytes when the waiver was granted ("" when not known).
  std::string sha256;
  std::string requirement_id;  // OUT-09, ...
  std::string reason;
  std::string approver;
  Date until;
  std::string created_at;
  std::string created_by;
};

/// One row of the append-only history.
struct HistoryEntry {
  int64_t id = 0;
  std::string at;
  std::string by;
  std::string entity;  // vendor, certificate, verification, subcontract, contract, account, waiver
  int64_t entity_id = 0;
  std::string action;                 // add, edit, remove, retire, review, set-owner
  std::optional<std::string> before;  // JSON
  std::optional<std::string> after;   // JSON
  std::string prev_hash;
  std::string hash;
};

// --- Derived views ---

/// A vendor's derived status, with the reason people need to act on it.
struct StatusInfo {
  VendorStatus status = VendorStatus::unverified;
  std::string reason;            // one line, in the UI language
  std::optional<Date> next_due;  // of the latest verification
  std::optional<int64_t> latest_verification;
};

/// Something to verify or renew: `vendor due`.
struct DueItem {
  enum class Kind { verification, certificate, unverified };
  Kind kind = Kind::verification;
  Date due;
  int64_t vendor_id = 0;
  std::string vendor_name;
  std::optional<int64_t> certificate_id;
  std::string what;       // "ISMS IS 12345", "確認", ...
  int64_t days_left = 0;  // negative when overdue
};

/// One broken SNS registry rule on one account: `sns check`.
struct SnsProblem {
  int64_t account_id = 0;
  std::string account;  // "x:@city_koho"
  std::string rule_id;  // SNS-01 ... SNS-08
  std::string message;
};

}  // namespace keiyaku::registry
