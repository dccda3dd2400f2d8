#pragma once

// `keiyaku batch`: reviews a set of files on a pool of worker threads (one review::Engine shared by
// all) and records each result in the registry from one writer thread, one transaction per file.
// Incremental: a file whose SHA-256, catalog version and review options match its latest
// successful review, and whose stored review still hashes to what was recorded, is not read
// again; a file that moved is recognised by its hash. A new version of a contract it holds (the
// same path with other content, or the same title and vendor in the same folder) is compared with
// the review it supersedes (batch/versions.hpp).

#include <batch/files.hpp>
#include <batch/vendors.hpp>
#include <base/expected.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>
#include <report/report.hpp>
#include <review/review.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace keiyaku::batch {

struct Options {
  review::Options review;       ///< kinds, tier, revision view (phases are set by run())
  std::string options_key;      ///< recorded with each review: a different key reads files again
  std::string catalog_version;  ///< catalog::version() of the engine's requirements
  std::string tool_version;
  unsigned jobs = 0;            ///< worker threads; 0 = one per core
  bool force = false;           ///< review every file, changed or not
  bool profile_phases = false;  ///< accumulate per-phase thread-seconds (Summary::phases)
};

enum class Outcome { reviewed, unchanged, failed };

/// One file as the summary shows it.
struct FileLine {
  std::string path;
  Outcome outcome = Outcome::reviewed;
  std::string error;  ///< one line, when failed
  int64_t contract_id = 0;
  std::string title;
  registry::StoredCounts counts;  ///< of the contract's latest review
  /// Unchanged, but reviewed again because its stored review no longer matched the hash recorded
  /// with it (edited outside keiyaku).
  bool edited_review = false;
  /// A new version of a contract the registry held (the same file with other content, or a file
  /// with the same title and vendor in the same folder): the review it superseded, the
  /// requirements that got worse since and the risk clauses added or removed.
  std::optional<report::PreviousVersion> previous_version;
};

/// Where the time went, in thread-seconds (wall for `wall`).
struct Phases {
  review::PhaseTimes review;
  double hash = 0;   ///< reading each file and its SHA-256
  double write = 0;  ///< registry writes (the writer thread)
  double wall = 0;
};

/// Progress after each file, reported on the writer's thread.
struct Progress {
  size_t total = 0;
  size_t done = 0;
  size_t reviewed = 0;
  size_t unchanged = 0;
  size_t failed = 0;
  std::string current;  ///< the file most recently started
  double seconds = 0;   ///< since the start
};

struct Summary {
  size_t total = 0;  ///< files given
  size_t reviewed = 0;
  size_t unchanged = 0;
  size_t failed = 0;
  size_t linked = 0;         ///< contracts reviewed before linked now to a vendor registered since
  size_t new_versions = 0;   ///< files that were new versions of contracts the registry held
  size_t regressed = 0;      ///< of those, the ones that got worse (PreviousVersion::worse())
  bool interrupted = false;  ///< stopped before every file was done
  std::vector<FileLine> files;  ///< every file finished, by path
  registry::StoredCounts totals;  ///< verdicts over the latest reviews of the files not failed
  uint64_t file_bytes = 0;  ///< bytes of the files read
  uint64_t text_bytes = 0;  ///< UTF-8 bytes of document text reviewed
  unsigned jobs = 0;
  Phases phases;
};

/// Called after each file is recorded, on the writer's thread; `line` is the file just done.
using ProgressFn = std::function<void(const Progress& progress, const FileLine& line)>;

/// Reviews `files` into `registry`. Stops taking new files when `stop` becomes true (a signal)
/// and returns once everything already read is recorded (Summary::interrupted). A file that
/// cannot be read or reviewed is recorded as failed and the batch goes on; only a registry
/// failure ends it early with an error (everything committed before stays).
Expected<Summary> run(const review::Engine& engine,
                      registry::Registry& registry,
                      const std::vector<FileEntry>& files,
                      const Options& options,
                      const ProgressFn& on_file,
                      const std::atomic<bool>& stop);

/// The worst contracts first: most contradicted must-requirements, then missing, then weak.
/// Failed files are left out.
std::vector<FileLine> worst(const Summary& summary, size_t n);

/// The registry form of a review: counts, every verdict with evidence, risks and file risks.
registry::ReviewRecord to_record(const review::ReviewResult& result);

/// What the contract says about itself, with the registered vendor it names.
registry::ContractFacts facts_of(const review::ReviewResult& result, const VendorIndex& vendors);

/// Links each contract that names a vendor the registry has but is linked to none (a vendor
/// registered after the contract was reviewed) to that vendor, by the vendor name the contract
/// gives, without reading the file again; each link in its own transaction with a history row.
/// Returns how many were linked. The second form indexes the registry's vendors itself.
Expected<size_t> link_vendors(registry::Registry& registry, const VendorIndex& vendors);
Expected<size_t> link_vendors(registry::Registry& registry);

/// "kind=auto tier=" (kinds sorted): what the options of a review were.
std::string options_key(const std::vector<std::string>& kinds, const std::string& tier,
                        bool original_revisions);

}  // namespace keiyaku::batch
