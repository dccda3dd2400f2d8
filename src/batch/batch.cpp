#include "batch.hpp"

#include "versions.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <report/report.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

namespace keiyaku::batch {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

registry::StoredCounts counts_of(const report::Summary& s) {
  registry::StoredCounts c;
  c.must = s.must;
  c.satisfied = s.satisfied;
  c.weak = s.weak;
  c.contradicted = s.contradicted;
  c.missing = s.missing;
  c.not_applicable = s.not_applicable;
  return c;
}

// One file done by a worker, waiting for the writer.
struct Item {
  size_t index = 0;  // into files
  Outcome outcome = Outcome::reviewed;
  std::optional<int64_t> contract_id;  // the contract it belongs to; none = a new one
  std::string sha256;
  std::string error;
  registry::ContractFacts facts;
  registry::ReviewRecord record;
  uint64_t file_bytes = 0;
  uint64_t text_bytes = 0;
  bool edited_review = false;  // reviewed again because its stored review was edited
};

// What the registry knew at the start, and which moved contracts this run has claimed.
class Known {
 public:
  explicit Known(std::vector<registry::KnownContract> contracts) : m_contracts(std::move(contracts)) {
    for (size_t i = 0; i < m_contracts.size(); ++i) {
      m_by_path[m_contracts[i].path] = i;  // the newest contract wins a shared path
      if (!m_contracts[i].sha256.empty()) {
        m_by_sha[m_contracts[i].sha256].push_back(i);
      }
      if (!m_contracts[i].title.empty()) {
        m_by_title[m_contracts[i].title].push_back(i);
      }
    }
  }

  const registry::KnownContract* by_path(const std::string& path) const {
    const auto it = m_by_path.find(path);
    return it == m_by_path.end() ? nullptr : &m_contracts[it->second];
  }

  // A contract with this content whose file is gone: the file moved here. Each is claimed once,
  // so that two copies of a moved file do not both take it.
  const registry::KnownContract* moved(const std::string& sha256, const std::string& path) {
    const auto it = m_by_sha.find(sha256);
    if (it == m_by_sha.end()) {
      return nullptr;
    }
    for (size_t i : it->second) {
      const registry::KnownContract& k = m_contracts[i];
      std::error_code ec;
      if (k.path == path || std::filesystem::exists(k.path, ec) || m_by_path_seen(k.path)) {
        continue;
      }
      const std::lock_guard<std::mutex> lock(m_mutex);
      if (m_claimed.insert(k.id).second) {
        return &k;
      }
    }
    return nullptr;
  }

  // The contract a new file is a new version of: the same title and vendor in the same folder, with
  // other content than its last successful review (content the registry holds is the same version
  // as the contract that has it) of a similar length, and not itself an earlier version of
  // another (its review not superseded). One such contract, or else the only one whose file is gone
  // (renamed and edited); several leave it open (contracts that share a title and vendor, as yearly
  // renewals may) and none is taken. `take_over` is set when that contract's file is gone and no
  // other file of this run has taken it: the new file continues it, as a moved file would.
  const registry::KnownContract* earlier_version(const std::string& path,
                                                 const std::string& sha256,
                                                 const registry::ContractFacts& facts,
                                                 int characters,
                                                 bool& take_over) {
    take_over = false;
    const auto titled = m_by_title.find(facts.title);
    if (titled == m_by_title.end() || m_by_sha.count(sha256) != 0) {
      return nullptr;
    }
    std::vector<const registry::KnownContract*> present;
    std::vector<const registry::KnownContract*> gone;
    for (size_t i : titled->second) {
      const registry::KnownContract& k = m_contracts[i];
      if (!k.version_review_id || k.version_superseded || k.path == path ||
          k.version_sha256 == sha256 || !same_title_and_vendor(k, facts) ||
          !similar_length(k.version_characters, characters) || !same_folder(k.path, path)) {
        continue;
      }
      std::error_code ec;
      const bool is_gone = !m_by_path_seen(k.path) && !std::filesystem::exists(k.path, ec);
      (is_gone ? gone : present).push_back(&k);
    }
    if (gone.size() == 1) {
      const std::lock_guard<std::mutex> lock(m_mutex);
      take_over = m_claimed.insert(gone.front()->id).second;
      return gone.front();
    }
    return gone.empty() && present.size() == 1 ? present.front() : nullptr;
  }

  // Paths of this run, so that a file that still exists under its old name is never "moved".
  void set_run_paths(const std::vector<FileEntry>& files) {
    for (const FileEntry& f : files) {
      m_run_paths.insert(f.path);
    }
  }

 private:
  bool m_by_path_seen(const std::string& path) const { return m_run_paths.count(path) != 0; }

  std::vector<registry::KnownContract> m_contracts;
  std::unordered_map<std::string, size_t> m_by_path;
  std::unordered_map<std::string, std::vector<size_t>> m_by_sha;
  std::unordered_map<std::string, std::vector<size_t>> m_by_title;
  std::set<std::string> m_run_paths;
  std::mutex m_mutex;
  std::set<int64_t> m_claimed;
};

// A bounded queue from the workers to the writer, so that memory does not grow with the number of
// files when the writer falls behind.
class Queue {
 public:
  explicit Queue(size_t capacity) : m_capacity(capacity) {}
  void push(Item item) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_not_full.wait(lock, [&] { return m_items.size() < m_capacity; });
    m_items.push_back(std::move(item));
    m_not_empty.notify_one();
  }
  // False once every producer has finished and nothing is left.
  bool pop(Item& out) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_not_empty.wait(lock, [&] { return !m_items.empty() || m_producers == 0; });
    if (m_items.empty()) {
      return false;
    }
    out = std::move(m_items.front());
    m_items.pop_front();
    m_not_full.notify_one();
    return true;
  }
  void add_producer() {
    const std::lock_guard<std::mutex> lock(m_mutex);
    ++m_producers;
  }
  void producer_done() {
    const std::lock_guard<std::mutex> lock(m_mutex);
    --m_producers;
    m_not_empty.notify_all();
  }

 private:
  size_t m_capacity;
  std::mutex m_mutex;
  std::condition_variable m_not_full;
  std::condition_variable m_not_empty;
  std::deque<Item> m_items;
  int m_producers = 0;
};

bool same_options(const registry::KnownContract& k, const Options& o) {
  return k.review_id && !k.review_failed && k.catalog_version == o.catalog_version &&
         k.options == o.options_key;
}

std::string first_line(std::string s) {
  const size_t nl = s.find('\n');
  if (nl != std::string::npos) {
    s.resize(nl);
  }
  return s;
}

// The name a file is recorded and shown under: its path, or, for a path that is not UTF-8 (which
// the registry, JSON and reports cannot hold), the path with those bytes escaped (bad\xFF.docx).
std::string recorded_name(const std::string& path) {
  return str::valid_utf8(path) ? path : term::escape(path);
}

std::string internal_error(const char* what) {
  return tr("内部エラー: ", "internal error: ") + what;
}

}  // namespace

std::string options_key(const std::vector<std::string>& kinds, const std::string& tier,
                        bool original_revisions) {
  std::vector<std::string> k = kinds;
  std::sort(k.begin(), k.end());
  k.erase(std::unique(k.begin(), k.end()), k.end());
  std::string out = "kind=" + (k.empty() ? std::string("auto") : str::join(k, ","));
  out += " tier=" + tier;
  if (original_revisions) {
    out += " revisions=original";
  }
  return out;
}

registry::ReviewRecord to_record(const review::ReviewResult& r) {
  registry::ReviewRecord rec;
  rec.path = r.document.path;
  rec.sha256 = r.document.sha256;
  rec.kinds = r.kinds;
  rec.tier = r.tier;
  rec.clauses = r.clauses;
  rec.characters = r.characters;
  rec.revisions = r.document.revisions.total();
  rec.comments = static_cast<int>(r.document.comments.size());
  rec.counts = counts_of(report::summarize(r));
  rec.findings.reserve(r.findings.size());
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Finding& f = r.findings[i];
    const core::RuleSpec& spec = *r.specs[i];
    registry::StoredFinding s;
    s.requirement_id = f.id;
    s.family = spec.family;
    s.title = spec.title;
    s.severity = core::severity_of(f, spec);
    s.status = core::status_name(f.status);
    s.basis = spec.basis;
    s.basis.insert(s.basis.end(), f.policy_basis.begin(), f.policy_basis.end());
    s.reason = f.reason;
    if (f.status != core::Status::not_applicable) {
      s.suggestion = f.suggestion;
    }
    for (const core::Evidence& e : f.evidence) {
      s.evidence.push_back({e.clause, e.text, e.paragraph});
    }
    rec.findings.push_back(std::move(s));
  }
  for (const core::RiskFinding& k : r.risks) {
    rec.risks.push_back({k.id, {k.evidence.clause, k.evidence.text, k.evidence.paragraph}, k.message});
  }
  for (const core::FileRisk& k : r.document.file_risks) {
    rec.file_risks.push_back({k.id, core::risk_severity_name(k.severity), k.message, k.detail});
  }
  return rec;
}

Expected<size_t> link_vendors(registry::Registry& registry, const VendorIndex& vendors) {
  registry::ReviewStore store(registry);
  auto unlinked = store.unlinked_vendor_names();
  if (!unlinked) {
    return unlinked.error();
  }
  size_t linked = 0;
  for (const auto& [contract_id, name] : *unlinked) {
    if (const auto vendor_id = vendors.find_name(name)) {
      if (auto r = store.link_vendor(contract_id, *vendor_id); !r) {
        return r.error();
      }
      ++linked;
    }
  }
  return linked;
}

Expected<size_t> link_vendors(registry::Registry& registry) {
  auto list = registry.list_vendors();
  if (!list) {
    return list.error();
  }
  std::vector<VendorIndex::Vendor> keys;
  for (const registry::Vendor& v : *list) {
    keys.push_back({v.id, v.name, v.corporate_number.value_or("")});
  }
  return link_vendors(registry, VendorIndex(keys));
}

registry::ContractFacts facts_of(const review::ReviewResult& r, const VendorIndex& vendors) {
  registry::ContractFacts f;
  for (const core::Block& b : r.document.blocks) {
    const std::string_view t = str::trim(b.text);
    if (!t.empty()) {
      f.title = std::string(t);
      break;
    }
  }
  if (f.title.empty()) {
    f.title = r.document.title;
  }
  // A title is one line; a first paragraph that runs on is cut at 100 characters.
  f.title = first_line(f.title);
  if (str::cp_count(f.title) > 100) {
    size_t i = 0;
    for (int n = 0; n < 100 && i < f.title.size(); ++n) {
      str::next_cp(f.title, i);
    }
    f.title.resize(i);
    f.title += "…";
  }
  f.body_term = r.parties.body_term;
  f.vendor_term = r.parties.vendor_term;
  f.body_name = r.parties.body_name;
  f.vendor_name = r.parties.vendor_name;
  f.vendor_id = vendors.find(r.parties, r.document);
  return f;
}

std::vector<FileLine> worst(const Summary& summary, size_t n) {
  std::vector<FileLine> out;
  for (const FileLine& f : summary.files) {
    if (f.outcome != Outcome::failed &&
        (f.counts.contradicted > 0 || f.counts.missing > 0 || f.counts.weak > 0)) {
      out.push_back(f);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FileLine& a, const FileLine& b) {
    if (a.counts.contradicted != b.counts.contradicted) {
      return a.counts.contradicted > b.counts.contradicted;
    }
    if (a.counts.missing != b.counts.missing) {
      return a.counts.missing > b.counts.missing;
    }
    return a.counts.weak > b.counts.weak;
  });
  if (out.size() > n) {
    out.resize(n);
  }
  return out;
}

Expected<Summary> run(const review::Engine& engine,
                      registry::Registry& registry,
                      const std::vector<FileEntry>& files,
                      const Options& options,
                      const ProgressFn& on_file,
                      const std::atomic<bool>& stop) {
  const auto start = Clock::now();
  Summary summary;
  summary.total = files.size();
  registry::ReviewStore store(registry);

  auto known_list = store.known_contracts();
  if (!known_list) {
    return known_list.error();
  }
  Known known(std::move(*known_list));
  known.set_run_paths(files);
  auto vendor_list = registry.list_vendors();
  if (!vendor_list) {
    return vendor_list.error();
  }
  std::vector<VendorIndex::Vendor> vendor_keys;
  for (const registry::Vendor& v : *vendor_list) {
    vendor_keys.push_back({v.id, v.name, v.corporate_number.value_or("")});
  }
  const VendorIndex vendors(vendor_keys);

  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(jobs, files.size())));
  summary.jobs = jobs;

  std::atomic<size_t> next{0};
  std::atomic<size_t> last_started{0};
  std::atomic<bool> abort{false};
  Queue queue(static_cast<size_t>(jobs) * 2);
  std::vector<Phases> worker_phases(jobs);

  auto work_files = [&](unsigned w) {
    Phases& ph = worker_phases[w];
    review::Options ro = options.review;
    ro.phases = options.profile_phases ? &ph.review : nullptr;
    for (;;) {
      if (stop.load() || abort.load()) {
        break;
      }
      const size_t i = next.fetch_add(1);
      if (i >= files.size()) {
        break;
      }
      last_started.store(i);
      const std::string& path = files[i].path;
      const std::string name = recorded_name(path);
      Item item;
      item.index = i;
      const auto t0 = Clock::now();
      // Mapped: a DOCX's images are hashed but never inflated; the input limit applies to what
      // the reader reads (review::Options::input_limit).
      auto mapped = file::map(path, ro.input_limit);
      if (mapped) {
        item.sha256 = sha256_hex(mapped->bytes());
        item.file_bytes = mapped->bytes().size();
      }
      const Expected<file::MappedFile>& bytes = mapped;
      if (options.profile_phases) {
        ph.hash += seconds_since(t0);
      }
      const registry::KnownContract* k = known.by_path(name);
      if (k != nullptr) {
        item.contract_id = k->id;
      }
      if (!bytes) {
        item.outcome = Outcome::failed;
        item.error = first_line(bytes.error().message);
      } else if (name != path) {
        item.outcome = Outcome::failed;
        item.error = name + ": " +
                     tr("ファイル名が UTF-8 ではないため審査しません（名前を付け直してください）",
                        "the file name is not UTF-8 and is not reviewed (rename the file)");
      } else {
        if (k == nullptr) {
          k = known.moved(item.sha256, path);
          if (k != nullptr) {
            item.contract_id = k->id;
          }
        }
        const bool same = k != nullptr && k->sha256 == item.sha256 && same_options(*k, options);
        // A stored review that no longer hashes to what was recorded was edited outside keiyaku:
        // the file is read again, so that the forgery does not stand as the latest review.
        item.edited_review = same && !k->review_intact;
        if (!options.force && same && k->review_intact) {
          item.outcome = Outcome::unchanged;
          item.facts.title = k->title;
          item.record.counts = k->counts;
        } else {
          // One bad file never stops the batch, not even one that trips a bug: it is recorded as
          // failed with the reason, like a file that cannot be read.
          try {
            auto result = review::review_bytes(engine, bytes->bytes(), path, ro);
            if (!result) {
              item.outcome = Outcome::failed;
              item.error = first_line(result.error().message);
            } else {
              item.outcome = Outcome::reviewed;
              for (const core::Block& b : result->document.blocks) {
                item.text_bytes += b.text.size();
              }
              item.record = to_record(*result);
              item.facts = facts_of(*result, vendors);
              // A new version: other content than the contract's last successful review, or a new
              // file with the title and vendor of a contract in its folder.
              if (k != nullptr) {
                if (k->version_review_id && k->version_sha256 != item.sha256) {
                  item.record.supersedes = k->version_review_id;
                }
              } else {
                bool take_over = false;
                if (const registry::KnownContract* e = known.earlier_version(
                        path, item.sha256, item.facts, item.record.characters, take_over)) {
                  item.record.supersedes = e->version_review_id;
                  if (take_over) {
                    item.contract_id = e->id;
                  }
                }
              }
            }
          } catch (const std::exception& e) {
            item = Item{};
            item.index = i;
            item.sha256 = sha256_hex(bytes->bytes());
            item.file_bytes = bytes->bytes().size();
            item.contract_id = k != nullptr ? std::optional<int64_t>(k->id) : std::nullopt;
            item.outcome = Outcome::failed;
            item.error = first_line(path + ": " + tr("内部エラー: ", "internal error: ") + e.what());
          }
        }
      }
      if (item.outcome == Outcome::failed) {
        item.error = term::escape(item.error);
        item.record.path = name;
        item.record.sha256 = item.sha256;
        item.record.failed = true;
        item.record.error = item.error;
      }
      queue.push(std::move(item));
    }
  };

  // The first exception outside one file's review, on any thread: it ends the batch cleanly.
  std::mutex failure_mutex;
  std::optional<Error> failure;
  auto fail_with = [&](Error e) {
    const std::lock_guard<std::mutex> lock(failure_mutex);
    if (!failure) {
      failure = std::move(e);
    }
    abort.store(true);
  };

  auto work = [&](unsigned w) {
    try {
      work_files(w);
    } catch (const std::exception& e) {
      fail_with(Error(ErrorCode::internal, internal_error(e.what())));
    } catch (...) {
      fail_with(Error(ErrorCode::internal, internal_error("unknown exception")));
    }
    queue.producer_done();
  };

  std::vector<std::thread> threads;
  threads.reserve(jobs);
  for (unsigned w = 0; w < jobs; ++w) {
    queue.add_producer();
  }
  for (unsigned w = 0; w < jobs; ++w) {
    threads.emplace_back(work, w);
  }

  Progress progress;
  progress.total = files.size();
  auto write_item = [&](Item& item) {
    const auto t0 = Clock::now();
    FileLine line;
    line.path = item.record.path.empty() ? recorded_name(files[item.index].path) : item.record.path;
    line.outcome = item.outcome;
    line.error = item.error;
    line.title = item.facts.title;
    line.counts = item.record.counts;
    line.edited_review = item.edited_review;
    if (item.outcome == Outcome::unchanged) {
      line.contract_id = *item.contract_id;
      if (auto r = store.touch(*item.contract_id, line.path); !r) {
        fail_with(r.error());
      }
    } else {
      item.record.catalog_version = options.catalog_version;
      item.record.options = options.options_key;
      item.record.tool_version = options.tool_version;
      auto rec = store.record(item.contract_id, item.facts, item.record);
      if (!rec) {
        fail_with(rec.error());
      } else {
        line.contract_id = rec->contract_id;
        if (item.record.supersedes) {
          // What the new version lost against the review it superseded, from the stored verdicts.
          auto before = store.review(*item.record.supersedes);
          if (!before) {
            fail_with(before.error());
          } else if (*before) {
            line.previous_version = compare_versions(**before, item.record);
          }
        }
      }
    }
    summary.phases.write += seconds_since(t0);
    if (abort.load()) {
      return;
    }
    summary.file_bytes += item.file_bytes;
    summary.text_bytes += item.text_bytes;
    if (line.previous_version) {
      ++summary.new_versions;
      summary.regressed += line.previous_version->worse() ? 1 : 0;
    }
    switch (item.outcome) {
      case Outcome::reviewed: ++summary.reviewed; ++progress.reviewed; break;
      case Outcome::unchanged: ++summary.unchanged; ++progress.unchanged; break;
      case Outcome::failed: ++summary.failed; ++progress.failed; break;
    }
    ++progress.done;
    progress.current = recorded_name(files[last_started.load()].path);
    progress.seconds = seconds_since(start);
    summary.files.push_back(line);
    if (on_file) {
      on_file(progress, summary.files.back());
    }
  };

  // The writer: this thread, one transaction per file. An exception here (a bug, or a callback
  // that throws) ends the batch like a registry failure: the file's transaction is rolled back,
  // the workers are drained and joined, and everything recorded before stays.
  Item item;
  while (queue.pop(item)) {
    if (abort.load()) {
      continue;  // drain, so that the workers can finish
    }
    try {
      write_item(item);
    } catch (const std::exception& e) {
      fail_with(Error(ErrorCode::internal, internal_error(e.what())));
    } catch (...) {
      fail_with(Error(ErrorCode::internal, internal_error("unknown exception")));
    }
  }
  for (std::thread& t : threads) {
    t.join();
  }
  if (failure) {
    return *failure;
  }
  // Vendors registered since a contract was reviewed (by another way than `vendor add`, which
  // links them itself) are linked without reading the file again.
  auto linked = link_vendors(registry, vendors);
  if (!linked) {
    return linked.error();
  }
  summary.linked += *linked;
  summary.interrupted = progress.done < files.size();
  for (const Phases& p : worker_phases) {
    summary.phases.review += p.review;
    summary.phases.hash += p.hash;
  }
  for (const FileLine& f : summary.files) {
    if (f.outcome == Outcome::failed) {
      continue;
    }
    summary.totals.must += f.counts.must;
    summary.totals.satisfied += f.counts.satisfied;
    summary.totals.weak += f.counts.weak;
    summary.totals.contradicted += f.counts.contradicted;
    summary.totals.missing += f.counts.missing;
    summary.totals.not_applicable += f.counts.not_applicable;
  }
  summary.phases.wall = seconds_since(start);
  std::sort(summary.files.begin(), summary.files.end(),
            [](const FileLine& a, const FileLine& b) { return a.path < b.path; });
  return summary;
}

}  // namespace keiyaku::batch
