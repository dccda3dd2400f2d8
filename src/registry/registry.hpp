#pragma once

// The registry: one SQLite file of vendors, certificates, verifications, sub-contracting,
// contracts, social-media accounts and waivers, with a hash-chained history of every change.
//
// Threads: a Registry is one SQLite connection and must be used by one thread at a time. A
// program that writes from several threads (batch) opens one Registry per thread on the same
// file: WAL lets readers run beside the one writer, every write takes the write lock up front
// (BEGIN IMMEDIATE) and waits up to the busy timeout for it, and the history chain is extended
// under that lock, so the chain stays linear. See docs/registry.md.

#include <base/expected.hpp>
#include <registry/dates.hpp>
#include <registry/model.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::registry {

class Db;
class ReviewStore;
class UserStore;

enum class OpenMode {
  create_if_missing,  // writes that may start a registry: a new file is created
  must_exist,         // writes to an existing registry: a missing file is an error
  /// Reads (report, lists, db verify, …): a missing file is an error, the connection is read-only
  /// and nothing is written, not even the journal mode, so that a read-only file or medium can be
  /// read. An older schema is migrated first when the file can be written, else refused.
  read_only,
};
enum class AutoMigrate { yes, no };
enum class Force { no, yes };
enum class IncludeRetired { no, yes };

/// How two SNS handles are made comparable beyond what handle_key() does itself: NFKC, and case
/// folding when `case_fold` (services whose ids ignore case). The registry has no Unicode library
/// of its own (ARCHITECTURE.md); the CLI passes text::identifier_key. Must be thread-safe.
using IdentifierFold = std::string (*)(std::string_view text, bool case_fold);

struct OpenOptions {
  std::string path = "keiyaku.db";
  OpenMode mode = OpenMode::create_if_missing;
  AutoMigrate migrate = AutoMigrate::yes;
  std::string by = "unknown";  // who, for history (--by or $USER)
  Clock clock;                 // when, for history, and "today" for derived status
  int busy_timeout_ms = 10000;
  /// Handles are compared through it (ｗａｋａｂａｎｏ＿ｃｉｔｙ is wakabano_city); on open, the
  /// stored keys of live accounts are brought up to it. None: ASCII case only.
  IdentifierFold fold = nullptr;
};

/// What `edit` changes: only the fields that are set. An empty corporate_number clears it.
struct VendorPatch {
  std::optional<std::string> name;
  std::optional<std::string> corporate_number;
  std::optional<std::string> address;
  std::optional<std::string> contact;
};

struct AccountPatch {
  std::optional<std::string> handle;
  std::optional<std::string> url;
  std::optional<std::string> department;
  std::optional<std::string> owner;
  std::optional<std::string> deputy;
  std::optional<std::string> procedure_doc;
  std::optional<std::string> listed_at;
  std::optional<bool> profile_names_body;
  std::optional<bool> mfa;
  std::optional<std::optional<int64_t>> operator_id;  // set to nullopt inside: no operator
  std::optional<std::string> purpose;
  std::optional<bool> emergency;
  std::optional<Date> last_post;
};

/// What refers to a vendor (remove refuses while any do, unless forced).
struct VendorRefs {
  int64_t contracts = 0;
  int64_t accounts = 0;
  int64_t subcontracts = 0;
};

struct MigrationResult {
  int from = 0;
  int to = 0;
};

/// The result of `db verify`.
struct VerifyReport {
  bool ok() const { return problems.empty(); }
  std::vector<std::string> problems;     // one line each; the first names the first bad row
  std::optional<int64_t> first_bad_row;  // of the history
  int64_t history_rows = 0;
  std::string head_hash;  // hash of the newest history row: record it elsewhere to detect rewrites
  int64_t head_seq = 0;   // its sequence number (the row id)
  int schema_version = 0;
};

/// The newest row of the history: what an anchor outside the database records (docs/registry.md).
struct HistoryHead {
  int64_t seq = 0;   ///< the row's id; 0 for an empty history
  std::string hash;  ///< its hash (the genesis hash for an empty history)
  std::string at;    ///< when it was written
};

/// "SEQ:HASH", the form `db anchor` prints and `db verify --expect-head` takes.
std::string format_anchor(const HistoryHead& head);
/// "SEQ:HASH" or "HASH"; the hash may be shortened to its first 16 hex digits or more. `at` is
/// left empty, and `seq` is 0 when not given. ErrorCode::invalid_input otherwise.
Expected<HistoryHead> parse_anchor(std::string_view text);

/// Every method is a complete operation: each write runs in its own transaction and appends its
/// history rows in it, so a crash leaves either all of it or none. Expected failures (unknown
/// vendor, duplicate handle, bad value) are Errors with one-line messages in the UI language.
class Registry {
 public:
  /// Opens (and by default migrates) the registry. A schema newer than this keiyaku knows is
  /// refused, and so is a file that is not a keiyaku registry.
  static Expected<Registry> open(const OpenOptions& options);
  Registry(Registry&& other) noexcept;
  Registry& operator=(Registry&& other) noexcept;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  ~Registry();

  const Clock& clock() const;
  const std::string& by() const;
  const std::string& path() const;

  /// Runs `f` as one transaction: every write it makes (each a complete operation, history
  /// included) is committed together when it succeeds, and none is when it fails.
  Status all_or_nothing(const std::function<Status()>& f);

  // --- Schema ---
  static int latest_schema_version();
  Expected<int> schema_version();
  /// Applies the pending migrations (up to `up_to` when given), each in its own transaction.
  Expected<MigrationResult> migrate(std::optional<int> up_to = std::nullopt);

  // --- Vendors ---
  Expected<Vendor> add_vendor(const Vendor& vendor);
  Expected<Vendor> edit_vendor(int64_t id, const VendorPatch& patch);
  /// Refuses (ErrorCode::conflict) while contracts, accounts or sub-contracting records refer to
  /// the vendor, unless forced: then its certificates, verifications and sub-contracting records
  /// are removed and contracts and accounts lose their link, each with a history row.
  Status remove_vendor(int64_t id, Force force);
  Expected<std::vector<Vendor>> list_vendors();
  Expected<Vendor> get_vendor(int64_t id);
  /// By id, exact name or 法人番号; an unknown key is ErrorCode::not_found with "did you mean".
  Expected<Vendor> find_vendor(std::string_view key);
  Expected<VendorRefs> vendor_refs(int64_t id);
  /// Derived on clock().today.
  Expected<StatusInfo> vendor_status(int64_t id);

  // --- Certificates ---
  Expected<Certificate> add_certificate(const Certificate& certificate);
  Status remove_certificate(int64_t id);
  /// Of one vendor, or of all when vendor_id is empty; by vendor, then valid-to.
  Expected<std::vector<Certificate>> list_certificates(std::optional<int64_t> vendor_id);

  // --- Verifications ---
  Expected<Verification> add_verification(const Verification& verification);
  Expected<std::vector<Verification>> list_verifications(std::optional<int64_t> vendor_id);

  /// What needs verifying or renewing on or before `until` (overdue included), soonest first.
  Expected<std::vector<DueItem>> due(Date until);

  // --- Contracts and sub-contracting ---
  Expected<Contract> add_contract(const Contract& contract);
  Expected<Contract> get_contract(int64_t id);
  Expected<std::vector<Contract>> list_contracts(std::optional<int64_t> vendor_id);
  /// A contract reference as users type it: the id of a contract in `contracts` (digits, or
  /// "#12"), a path of one, or else a free reference string kept as it is.
  Expected<ContractRef> resolve_contract(std::string_view text);
  /// Refuses a loop (A→B→…→A on the same contract) and a duplicate.
  Expected<Subcontract> add_subcontract(const Subcontract& subcontract);
  Status remove_subcontract(int64_t id);
  Expected<std::vector<Subcontract>> list_subcontracts();

  // --- Social-media accounts ---
  /// Refuses an account without an owner, and a second active account with the same handle on
  /// the same service (handles compare without '@' and, except on LINE and note, case).
  Expected<Account> add_account(const Account& account);
  Expected<Account> edit_account(int64_t id, const AccountPatch& patch);
  /// Sets the owner (and deputy) and records the current department as the owner's.
  Expected<Account> set_owner(int64_t id,
                              const std::string& owner,
                              const std::optional<std::string>& deputy);
  Expected<Account> retire_account(int64_t id, const std::string& reason);
  Expected<Account> review_account(int64_t id, Date on, std::optional<Date> last_post);
  Expected<std::vector<Account>> list_accounts(IncludeRetired retired);
  Expected<Account> get_account(int64_t id);
  /// By id, "service:handle", or a handle unique among active accounts.
  Expected<Account> find_account(std::string_view key);
  /// Every SNS rule broken by an active account on clock().today, by account then rule.
  Expected<std::vector<SnsProblem>> check_accounts();

  // --- Waivers (used by scan/batch/report) ---
  /// `waiver.sha256` defaults to the reference when that is a SHA-256, else to the text last
  /// reviewed of the contract given by id.
  Expected<Waiver> add_waiver(const Waiver& waiver);
  /// Waivers whose until date is on or after `on` of a contract as read now: `contract.text` is
  /// the SHA-256 of the text read (or a reference), matched against the text each waiver was
  /// granted on and its reference; `contract.id`, the registered contract, matches every waiver
  /// tied to it, whatever text it was granted on (Waiver::sha256 says which).
  Expected<std::vector<Waiver>> active_waivers(const ContractRef& contract, Date on);
  /// The registered contract of a file: the one recorded at `path` (as `batch` records it:
  /// absolute and lexically normal), else the only one whose latest review read `sha256`.
  Expected<std::optional<Contract>> contract_of_file(std::string_view path,
                                                     std::string_view sha256);
  Expected<std::vector<Waiver>> list_waivers();

  // --- History and the database itself ---
  /// Oldest first; all rows, or those of one entity ("vendor", "account", ...).
  Expected<std::vector<HistoryEntry>> history(const std::string& entity,
                                              std::optional<int64_t> entity_id);
  /// integrity_check, foreign_key_check, the history chain, and the live tables against the
  /// history replayed (every ledger, and every review by the hash of its content);
  /// `expect_head` is an anchor recorded earlier ("SEQ:HASH" or a hash) that must still be in the
  /// chain: a history cut back or rewritten with recomputed hashes fails it.
  Expected<VerifyReport> verify(const std::optional<std::string>& expect_head);
  /// The newest history row, for anchors (reports, batch summaries and exports print it).
  Expected<HistoryHead> head();
  /// A consistent copy through SQLite's online backup API, written next to `path` and renamed.
  Status backup(const std::string& path, Force overwrite);

 private:
  friend class ReviewStore;  // review results (reviews.hpp) share this connection
  friend class UserStore;    // the workspace's accounts (users.hpp) too
  Db& db();
  struct Impl;
  explicit Registry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// The checks a record must pass before anything is written, without the database: a vendor
/// needs a name and, when given, a 法人番号 with the right check digit; an account needs an owner,
/// a handle, an http(s) URL and a department. The CLI runs them before it opens (or creates) the
/// file; add_* and edit_* run them again.
Status validate_vendor(const Vendor& vendor);
Status validate_account(const Account& account);

/// The key that makes two handles the same account: through `fold` (NFKC, and case folding except
/// on services whose ids are case-sensitive: LINE, note, other) when given, else lower-cased in
/// ASCII on the other services; then without a leading '@'.
std::string handle_key(Service service, std::string_view handle, IdentifierFold fold = nullptr);

/// The account's URL must be https on the service's own domains (the table embedded from
/// src/registry/sns_domains.tsv: x.com, twitter.com for X, …), so that the public list of official
/// accounts never links elsewhere; any https URL for `other`. Userinfo (https://x.com@evil/) and a
/// port other than 443 are refused. ErrorCode::invalid_input naming the URL and the domains.
Status check_account_url(Service service, std::string_view url);

/// The domains of a service's accounts, from the table; empty for `other`.
std::vector<std::string> service_domains(Service service);

}  // namespace keiyaku::registry
