#pragma once

// Review results in the registry (schema 002): contracts as `batch` finds them, their reviews,
// verdicts, evidence and risks. Plain data in, plain data out; no SQLite type is visible.
//
// Threads: a ReviewStore works on the connection of the Registry it was made from, so it follows
// that Registry's rule (one thread at a time). `batch` writes from one thread and reads once at
// the start; reports read from one thread.

#include <base/expected.hpp>
#include <registry/registry.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keiyaku::registry {

/// The clause a verdict or a risk was read from.
struct StoredEvidence {
  std::string clause;  ///< 第9条第2項, 特記事項第4条, 5.(2)
  std::string text;    ///< the sentence as the document writes it
  int paragraph = 0;   ///< Block::paragraph
};

/// One requirement's verdict in a review.
struct StoredFinding {
  std::string requirement_id;
  std::string family;    ///< outsourcing | cloud | sns | tier
  std::string title;
  std::string severity;  ///< must | should
  std::string status;    ///< satisfied | weak | contradicted | missing | not_applicable
  std::vector<std::string> basis;  ///< the guideline and policy articles it rests on
  std::string reason;
  std::string suggestion;
  std::vector<StoredEvidence> evidence;
};

/// A RISK-* clause.
struct StoredRisk {
  std::string risk_id;
  StoredEvidence evidence;
  std::string message;
};

/// A file-level risk (DOCX-*).
struct StoredFileRisk {
  std::string risk_id;
  std::string severity;  ///< info | low | medium | high | critical
  std::string message;
  std::string detail;
};

/// Counts of a review's verdicts: `must` counts the applicable must-requirements, the others
/// count every applicable requirement by status (as report::Summary).
struct StoredCounts {
  int must = 0;
  int satisfied = 0;
  int weak = 0;
  int contradicted = 0;
  int missing = 0;
  int not_applicable = 0;
};

/// One review of one file.
struct ReviewRecord {
  int64_t id = 0;
  int64_t contract_id = 0;
  std::string reviewed_at;      ///< ISO 8601 timestamp
  std::string path;             ///< the file as it was reviewed
  std::string sha256;           ///< of the file's bytes ("" when it could not be read at all)
  std::string catalog_version;  ///< catalog::version() of the requirements used
  std::string options;          ///< what it was reviewed as ("kind=auto tier=")
  std::string tool_version;
  bool failed = false;
  std::string error;  ///< one line, when failed
  std::vector<std::string> kinds;
  std::string tier;
  int clauses = 0;
  int characters = 0;
  int revisions = 0;
  int comments = 0;
  StoredCounts counts;
  /// The review of the earlier version of the contract this one superseded (schema 006): the
  /// latest successful review of the same file before its content changed, or of the contract with
  /// the same title and vendor in the same folder. None for a first version, or the same content
  /// reviewed again.
  std::optional<int64_t> supersedes;
  std::vector<StoredFinding> findings;  ///< catalog order
  std::vector<StoredRisk> risks;
  std::vector<StoredFileRisk> file_risks;
};

/// What a contract says about itself.
struct ContractFacts {
  std::string title;
  std::string body_term;    ///< 甲, 発注者, ...
  std::string vendor_term;  ///< 乙, 受注者, ...
  std::string body_name;    ///< as written in the contract
  std::string vendor_name;  ///< as written in the contract
  std::optional<int64_t> vendor_id;  ///< the registered vendor it names, if any
};

/// A contract as `batch` sees it before reviewing: enough to tell whether a file changed.
struct KnownContract {
  int64_t id = 0;
  std::string path;
  std::string sha256;
  std::optional<int64_t> vendor_id;
  std::string vendor_name;  ///< as the contract writes it
  /// The latest review, if any.
  std::optional<int64_t> review_id;
  bool review_failed = false;
  std::string catalog_version;
  std::string options;
  std::string title;
  StoredCounts counts;  ///< of the latest review
  /// The latest review's rows still hash to what was recorded (in the review and in the
  /// history): false when they were edited outside keiyaku, and the file must be read again.
  bool review_intact = false;
  /// The latest successful review and the SHA-256 of the file it read: what a new version of the
  /// contract supersedes (none when every review failed).
  std::optional<int64_t> version_review_id;
  std::string version_sha256;
  int version_characters = 0;  ///< of the document that review read
  /// That review was superseded by a review of a newer version (of this or another contract).
  bool version_superseded = false;
};

/// A contract with its latest review: one row of `keiyaku report`.
struct ContractReview {
  int64_t contract_id = 0;
  std::string path;
  std::string sha256;
  ContractFacts facts;
  std::string vendor;  ///< the registered vendor's name, "" when not linked
  std::optional<StatusInfo> vendor_status;  ///< derived on the registry's clock
  int reviews = 0;     ///< how many reviews the contract has had
  ReviewRecord review;  ///< the latest
};

/// Where record() wrote.
struct Recorded {
  int64_t contract_id = 0;
  int64_t review_id = 0;
  bool new_contract = false;
};

enum class WithFindings { yes, no };

class ReviewStore {
 public:
  /// Works on `registry`'s connection: `registry` must outlive the store.
  explicit ReviewStore(Registry& registry);
  ~ReviewStore();
  ReviewStore(const ReviewStore&) = delete;
  ReviewStore& operator=(const ReviewStore&) = delete;

  /// Every contract with its latest review's key facts, by id.
  Expected<std::vector<KnownContract>> known_contracts();

  /// Records one review in one transaction: into contract `contract_id`, or, when it is empty, the
  /// contract of the review's path (a new one when there is none). The contract takes the
  /// review's path and sha256 and, when the review succeeded, the facts (a vendor link found
  /// before is kept when none is found now). A contract created or changed is written to the
  /// history, and so is the review with the hash of its content (and `review.supersedes`, when
  /// set). `review.id` and `review.contract_id` are ignored.
  Expected<Recorded> record(std::optional<int64_t> contract_id,
                            const ContractFacts& facts,
                            const ReviewRecord& review);

  /// A file found unchanged at `path` (it may have moved): updates the contract's path, with a
  /// history row, when it differs. Nothing is written otherwise.
  Status touch(int64_t contract_id, const std::string& path);

  /// Contracts linked to no vendor whose text names one: (contract id, the name as written).
  Expected<std::vector<std::pair<int64_t, std::string>>> unlinked_vendor_names();
  /// Links a contract that has no vendor to `vendor_id`, in one transaction with a history row.
  /// Nothing is written when the contract is linked already.
  Status link_vendor(int64_t contract_id, int64_t vendor_id);

  /// The latest review of every contract that has one, by path; without the verdicts, evidence
  /// and risks (counts only) when `with` is no (lists of the whole archive).
  Expected<std::vector<ContractReview>> latest(WithFindings with = WithFindings::yes);
  /// The same, handed to `visit` one contract at a time in the same order, so that a report of any
  /// number of contracts is written in bounded memory. An error from `visit` stops the walk and is
  /// returned. `visit` may read the registry but must not write it.
  Status each_latest(const std::function<Status(ContractReview&)>& visit,
                     WithFindings with = WithFindings::yes);

  /// One review with its findings, evidence and risks; nullopt when there is no such review.
  Expected<std::optional<ReviewRecord>> review(int64_t review_id);

  /// Every review of one contract, oldest first, with findings.
  Expected<std::vector<ReviewRecord>> reviews_of(int64_t contract_id);

  /// Statement cache, opaque.
  struct Impl;

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace keiyaku::registry
