#include "command.hpp"
#include "localize.hpp"
#include "input_limit.hpp"
#include "output.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <catalog/catalog.hpp>
#include <diff/output.hpp>
#include <profile/profile.hpp>
#include <registry/writer_lock.hpp>
#include <report/report.hpp>
#include <review/review.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <batch/batch.hpp>
#include <batch/report_data.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <profile/profile.hpp>
#include <thread>

#ifndef KY_VERSION
#define KY_VERSION "0.0.0"
#endif

namespace keiyaku::cli {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_stop_signal(int sig) {
  g_signal.store(sig);
  g_stop.store(true);
}

// SIGINT/SIGTERM ask the batch to stop after the files in hand; a second one ends the process at
// once (SA_RESETHAND), which is safe too: every file recorded so far is committed.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, &m_old_int);
    sigaction(SIGTERM, &sa, &m_old_term);
  }
  ~StopSignals() {
    sigaction(SIGINT, &m_old_int, nullptr);
    sigaction(SIGTERM, &m_old_term, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  struct sigaction m_old_int {};
  struct sigaction m_old_term {};
};

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string clock_text(double seconds) {
  const long s = std::lround(seconds);
  if (s >= 3600) {
    return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  }
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

int terminal_columns() {
  winsize w{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40) {
    return w.ws_col;
  }
  return 80;
}

// Cuts a UTF-8 string to at most `width` display columns.
std::string fit(const std::string& s, size_t width) {
  if (display_width(s) <= width) {
    return s;
  }
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t at = i;
    str::next_cp(s, i);
    std::string next = out + s.substr(at, i - at);
    if (display_width(next) + 1 > width) {
      break;
    }
    out = std::move(next);
  }
  return out + "…";
}

// The progress bar on a terminal, a line every tenth of the way otherwise.
class ProgressView {
 public:
  ProgressView(bool tty, bool quiet) : m_tty(tty), m_quiet(quiet), m_last(std::chrono::steady_clock::now()) {}

  void update(const batch::Progress& p, const batch::FileLine& line) {
    if (line.outcome == batch::Outcome::failed) {
      clear();
      term::warning(line.error);
    }
    if (m_quiet) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!m_tty) {
      // A quiet log: a line at each tenth of the way, at most every 5 seconds, and at the end.
      const size_t step = std::max<size_t>(1, p.total / 10);
      if (p.done == p.total || (p.done % step == 0 && now - m_last >= std::chrono::seconds(5))) {
        std::fprintf(stderr, "keiyaku: batch: %zu/%zu %s\n", p.done, p.total, rate_text(p).c_str());
        m_last = now;
      }
      return;
    }
    if (p.done != p.total && now - m_last < std::chrono::milliseconds(100)) {
      return;
    }
    m_last = now;
    const int cols = terminal_columns();
    const int bar = 24;
    const int filled = p.total == 0 ? bar : static_cast<int>(bar * p.done / p.total);
    std::string line_text = "[";
    for (int i = 0; i < bar; ++i) {
      line_text += i < filled ? "█" : "░";
    }
    line_text += fmt::format("] {}/{} {}", p.done, p.total, rate_text(p));
    const size_t used = display_width(line_text) + 2;
    if (static_cast<size_t>(cols) > used + 8) {
      line_text +=
          "  " + fit(term::escape(base_name(p.current)), static_cast<size_t>(cols) - used - 1);
    }
    std::fprintf(stderr, "\r\x1b[K%s", line_text.c_str());
    std::fflush(stderr);
    m_drawn = true;
  }

  void clear() {
    if (m_drawn) {
      std::fprintf(stderr, "\r\x1b[K");
      m_drawn = false;
    }
  }

 private:
  static std::string rate_text(const batch::Progress& p) {
    const double rate = p.seconds > 0 ? static_cast<double>(p.done) / p.seconds : 0;
    std::string s = fmt::format("{:.1f} {}", rate, tr("件/秒", "files/s"));
    if (rate > 0 && p.done < p.total) {
      s += tr("  残り ", "  ETA ") + clock_text(static_cast<double>(p.total - p.done) / rate);
    }
    return s;
  }

  bool m_tty;
  bool m_quiet;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_last{};
};

std::string counts_text(const registry::StoredCounts& c) {
  return fmt::format("{} {} · {} {} · {} {} · {} {}  ({} {})", report::status_label(core::Status::satisfied),
                     c.satisfied, report::status_label(core::Status::weak), c.weak,
                     report::status_label(core::Status::contradicted), c.contradicted,
                     report::status_label(core::Status::missing), c.missing, tr("必須", "must"), c.must);
}

// The new versions of this batch that got worse: per contract, each requirement with its verdict
// before → after and the clause cited on each side, and the risk clauses added or removed.
std::string regressions_text(const batch::Summary& s) {
  std::string out;
  for (const batch::FileLine& f : s.files) {
    if (!f.previous_version || !f.previous_version->worse()) {
      continue;
    }
    if (out.empty()) {
      out = report::version_label(report::VersionLabel::worse_contracts) + ":\n";
    }
    out += report::version_text(f.path, *f.previous_version);
  }
  return out;
}

std::string summary_text(const batch::Summary& s, const registry::HistoryHead& head) {
  std::string out;
  const double secs = s.phases.wall;
  out += fmt::format("{}: {} {} {:.2f} {} ({:.1f} {}, {} {})\n", tr("一括審査", "batch"), s.total,
                     tr("件を", "files in"), secs, tr("秒で処理", "s"),
                     secs > 0 ? static_cast<double>(s.reviewed + s.unchanged + s.failed) / secs : 0.0,
                     tr("件/秒", "files/s"), s.jobs, tr("並列", "jobs"));
  out += fmt::format("  {} {} · {} {} · {} {}", tr("審査", "reviewed"), s.reviewed,
                     tr("変更なしで省略", "unchanged (skipped)"), s.unchanged, tr("失敗", "failed"),
                     s.failed);
  if (s.interrupted) {
    out += fmt::format(" · {} {}", tr("未処理（中断）", "not done (interrupted)"),
                       s.total - s.reviewed - s.unchanged - s.failed);
  }
  out += "\n";
  if (s.new_versions > 0) {
    out +=
        fmt::format("  {} {} · {} {}\n", tr("前の版がある契約書", "new versions of contracts held"),
                    s.new_versions, tr("うち悪化", "of which got worse"), s.regressed);
  }
  if (s.linked > 0) {
    out += fmt::format("  {} {}\n",
                       tr("後から登録された事業者にひも付けた契約書",
                          "contracts linked to vendors registered since"),
                       s.linked);
  }
  out += fmt::format("{}: {}\n", tr("判定の合計（最新の審査）", "verdicts (latest reviews)"),
                     counts_text(s.totals));
  const auto worst = batch::worst(s, 10);
  if (!worst.empty()) {
    out += tr("問題の多い契約書:", "worst contracts:") + "\n";
    for (const batch::FileLine& f : worst) {
      out += fmt::format("  {} {} · {} {} · {} {}  {}  {}\n",
                         report::status_label(core::Status::contradicted), f.counts.contradicted,
                         report::status_label(core::Status::missing), f.counts.missing,
                         report::status_label(core::Status::weak), f.counts.weak,
                         term::escape(f.path), term::escape(f.title));
    }
  }
  bool any_failed = false;
  for (const batch::FileLine& f : s.files) {
    if (f.outcome != batch::Outcome::failed) {
      continue;
    }
    if (!any_failed) {
      out += tr("読めなかったファイル:", "files that failed:") + "\n";
      any_failed = true;
    }
    out += "  " + term::escape(f.error) + "\n";
  }
  out += regressions_text(s);
  bool any_edited = false;
  for (const batch::FileLine& f : s.files) {
    if (!f.edited_review) {
      continue;
    }
    if (!any_edited) {
      out += tr("台帳の審査結果が keiyaku の外で書き換えられていたため審査し直したファイル:",
                "files reviewed again because their stored review was edited outside keiyaku:") +
             "\n";
      any_edited = true;
    }
    out += "  " + term::escape(f.path) + "\n";
  }
  out += anchor_line(head) + "\n";
  return out;
}

nlohmann::ordered_json counts_json(const registry::StoredCounts& c) {
  return {{"must", c.must},       {"satisfied", c.satisfied}, {"weak", c.weak},
          {"contradicted", c.contradicted}, {"missing", c.missing}, {"not_applicable", c.not_applicable}};
}

nlohmann::ordered_json side_json(const core::VerdictSide& side) {
  nlohmann::ordered_json j = {{"status", core::status_name(side.status)}};
  j["clause"] =
      side.clause.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(side.clause);
  j["text"] = side.text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(side.text);
  return j;
}

// The review a new version superseded, the requirements that got worse since and the risk clauses
// added or removed (as `keiyaku diff --format json` lists them).
nlohmann::ordered_json previous_version_json(const report::PreviousVersion& p) {
  nlohmann::ordered_json regressions = nlohmann::ordered_json::array();
  for (const report::VersionRegression& g : p.regressions) {
    regressions.push_back({{"id", g.id},
                           {"title", g.title},
                           {"severity", g.severity},
                           {"before", side_json(g.before)},
                           {"after", side_json(g.after)}});
  }
  nlohmann::ordered_json risks = nlohmann::ordered_json::array();
  for (const core::RiskChange& r : p.risks) {
    risks.push_back(diff::risk_change_json(r));
  }
  return {{"review", p.review_id},      {"path", p.path},
          {"sha256", p.sha256},         {"reviewed_at", p.reviewed_at},
          {"regressions", regressions}, {"risks", risks},
          {"worse", p.worse()}};
}

std::string summary_json(const batch::Summary& s, bool phases, const registry::HistoryHead& head) {
  using J = nlohmann::ordered_json;
  J j;
  j["format_version"] = 1;
  j["files"] = s.total;
  j["reviewed"] = s.reviewed;
  j["unchanged"] = s.unchanged;
  j["failed"] = s.failed;
  j["linked_vendors"] = s.linked;
  j["new_versions"] = s.new_versions;
  j["regressed"] = s.regressed;
  j["interrupted"] = s.interrupted;
  j["jobs"] = s.jobs;
  j["seconds"] = s.phases.wall;
  j["file_bytes"] = s.file_bytes;
  j["text_bytes"] = s.text_bytes;
  j["totals"] = counts_json(s.totals);
  J worst = J::array();
  for (const batch::FileLine& f : batch::worst(s, 10)) {
    worst.push_back({{"path", f.path}, {"title", f.title}, {"counts", counts_json(f.counts)}});
  }
  j["worst"] = worst;
  J failures = J::array();
  J contracts = J::array();
  for (const batch::FileLine& f : s.files) {
    const char* outcome = f.outcome == batch::Outcome::reviewed    ? "reviewed"
                          : f.outcome == batch::Outcome::unchanged ? "unchanged"
                                                                   : "failed";
    J c = {{"path", f.path}, {"outcome", outcome}, {"contract", f.contract_id}};
    if (f.edited_review) {
      c["stored_review_was_edited"] = true;
    }
    if (f.previous_version) {
      c["previous_version"] = previous_version_json(*f.previous_version);
    }
    if (f.outcome == batch::Outcome::failed) {
      c["error"] = f.error;
      failures.push_back({{"path", f.path}, {"error", f.error}});
    } else {
      c["title"] = f.title;
      c["counts"] = counts_json(f.counts);
    }
    contracts.push_back(std::move(c));
  }
  j["failures"] = failures;
  j["contracts"] = contracts;
  j["history_head"] = {
      {"seq", head.seq}, {"hash", head.hash}, {"anchor", registry::format_anchor(head)}};
  if (phases) {
    const review::PhaseTimes& r = s.phases.review;
    j["phases"] = {{"read", r.read},   {"normalize", r.normalize}, {"structure", r.structure},
                   {"tokenize", r.tokenize}, {"match", r.match},   {"hash", s.phases.hash},
                   {"write", s.phases.write}, {"wall", s.phases.wall}};
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Per-phase thread-seconds and their shares, for --profile-phases.
std::string phases_text(const batch::Summary& s) {
  const review::PhaseTimes& r = s.phases.review;
  const double parts[] = {r.read, r.normalize, r.structure, r.tokenize, r.match, s.phases.hash, s.phases.write};
  double total = 0;
  for (const double p : parts) {
    total += p;
  }
  static const std::pair<std::string_view, std::string_view> k_names[] = {
      {"展開+XML", "unzip+XML"}, {"正規化", "normalisation"}, {"構造", "structure"},
      {"MeCab", "MeCab"},        {"照合", "matching"},        {"読込+SHA-256", "read+SHA-256"},
      {"台帳書込", "registry writes"}};
  std::string out = tr("処理時間（スレッド秒）:", "phases (thread-seconds):") + "\n";
  for (size_t i = 0; i < std::size(parts); ++i) {
    out += fmt::format("  {:<16} {:8.2f} s {:5.1f}%\n", tr(k_names[i].first, k_names[i].second),
                       parts[i], total > 0 ? 100.0 * parts[i] / total : 0.0);
  }
  out += fmt::format("  {:<16} {:8.2f} s ({} {}, {} {:.1f} MB)\n", tr("実時間", "wall"), s.phases.wall,
                     s.jobs, tr("並列", "jobs"), tr("本文", "text"),
                     static_cast<double>(s.text_bytes) / 1e6);
  return out;
}

}  // namespace

int cmd_batch(const Args& args) {
  CLI::App app(tr("フォルダ内の契約書をまとめて審査し、結果を台帳に記録する（変更のないファイルは読み直さない）",
                  "Review a tree of contracts into the registry (files unchanged since their last review are skipped)"),
               "keiyaku batch");
  std::vector<std::string> inputs;
  std::vector<std::string> kinds;
  std::string tier;
  std::string format;  // empty: from -o's extension, else text
  std::string output;
  std::string revisions = "accepted";
  std::string requirements_dir;
  std::string profile_name;
  unsigned jobs = 0;
  bool force = false;
  bool profile_phases = false;
  RegistryOptions reg;
  app.add_option("inputs", inputs, tr("契約書のフォルダ又はファイル（フォルダは下位も含めて .docx/.docm/.dotx/.pdf/.txt を探す）",
                                      "folders (searched recursively for .docx/.docm/.dotx/.pdf/.txt) or files"))
      ->required();
  add_registry_options(app, reg);
  app.add_option("--jobs,-j", jobs, tr("並列数（既定: CPUコア数）", "worker threads (default: all cores)"))
      ->check(CLI::Range(1U, 256U));
  app.add_option("--kind", kinds,
                 tr("契約の種別（複数可）: auto|outsourcing|cloud|sns（既定 auto）",
                    "contract kind, repeatable: auto|outsourcing|cloud|sns (default auto)"))
      ->transform(value_names("kind", {"auto", "outsourcing", "cloud", "sns"}))
      ->check(CLI::IsMember({"auto", "outsourcing", "cloud", "sns"}));
  app.add_option("--tier", tier,
                 tr("三層の対策の区分: mynumber|lgwan|internet", "three-tier segment"))
      ->transform(value_names("tier", {"mynumber", "lgwan", "internet"}))
      ->check(CLI::IsMember({"mynumber", "lgwan", "internet"}));
  app.add_option("--format", format,
                 tr("出力形式: text（集計）|json|html|csv|xlsx（審査結果の一覧）（既定: -o "
                    "の拡張子、なければ text）",
                    "output: text (summary)|json|html|csv|xlsx (the contracts of this batch); "
                    "default: from -o's extension, else text"))
      ->check(CLI::IsMember({"text", "json", "html", "csv", "xlsx"}));
  app.add_option("-o,--output", output, tr("出力先ファイル（既定は標準出力）", "write the output to a file"));
  app.add_option("--revisions", revisions,
                 tr("変更履歴の読み方: accepted（承諾後、既定）|original", "tracked changes: accepted|original"))
      ->check(CLI::IsMember({"accepted", "original"}));
  size_t input_limit = core::k_default_input_limit;
  add_input_limit(app, input_limit);
  app.add_flag("--force", force, tr("変更のないファイルも審査し直す", "review every file, changed or not"));
  app.add_flag("--profile-phases", profile_phases,
               tr("処理段階ごとの時間を最後に表示する（KEIYAKU_PHASES=1 も可）",
                  "print the time spent in each phase at the end (also KEIYAKU_PHASES=1)"));
  app.add_option("--requirements", requirements_dir, tr("要件フォルダ", "requirements directory"));
  app.add_option("--profile", profile_name,
                 tr("団体の方針プロファイル（名前又はファイル）: 方針にない区分は対象外、方針の条項を併記",
                    "the body's policy profile (name or file): families it lacks are n/a, its articles are cited"));
  app.footer(
      tr("終了コード: 0 完了 / 1 台帳にある契約書の新しい版で要件の判定が前の版より悪化した、"
         "又はRISK条項が加わった / 2 読めないファイルがあった・使い方の誤り / 3 内部エラー / "
         "130 中断（次回は続きから）",
         "exit codes: 0 done, 1 a new version of a contract in the registry got worse than the "
         "version before (a requirement, or a risk clause added), 2 a file failed or a usage error, "
         "3 internal error, 130 interrupted (the next run continues where it stopped)"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (const char* env = std::getenv("KEIYAKU_PHASES"); env != nullptr && *env != '\0' && std::string(env) != "0") {
    profile_phases = true;
  }
  if (auto f = output_format(format, output, {"text", "json", "html", "csv", "xlsx"}, "text"); !f) {
    return fail(f.error());
  } else {
    format = *f;
  }
  if (format == "xlsx" && (output.empty() || output == "-") && ::isatty(STDOUT_FILENO) != 0) {
    term::error(tr("xlsx は -o で出力先を指定してください", "xlsx output needs -o PATH"));
    return static_cast<int>(ExitCode::failure);
  }
  auto files = batch::collect_files(inputs);
  if (!files) {
    return fail(files.error());
  }
  // Before anything is written: no output over a contract of this batch or the registry.
  {
    std::vector<std::string> read = registry_files(resolve_db_path(reg.db));
    for (const batch::FileEntry& f : *files) {
      read.push_back(f.path);
    }
    if (auto st = file::refuse_overlap(report_outputs(format, output), read); !st) {
      return fail(st.error());
    }
    if (format == "csv") {
      if (auto st = report::check_findings_csv(output); !st) {
        return fail(st.error());
      }
    }
  }
  batch::Options options;
  for (const std::string& k : kinds) {
    if (k != "auto") {
      options.review.kinds.push_back(k);
    }
  }
  options.review.tier = tier == "internet" ? "" : tier;
  options.review.original_revisions = revisions == "original";
  options.review.input_limit = input_limit;
  const std::string dir = requirements_dir.empty() ? catalog::default_dir() : requirements_dir;
  std::optional<profile::Profile> policy;
  options.options_key = batch::options_key(options.review.kinds, options.review.tier,
                                           options.review.original_revisions);
  if (!profile_name.empty()) {
    auto p = profile::find(dir + "/profiles", profile_name);
    if (!p) {
      return fail(p.error());
    }
    policy = std::move(*p);
    options.review.profile = &*policy;
    // The profile's name and content: editing the profile reviews every file again.
    auto text = file::read(policy->file);
    if (!text) {
      return fail(text.error());
    }
    options.options_key += " profile=" + policy->name + "@" + sha256_hex(*text).substr(0, 16);
    if (auto st = file::refuse_overlap(report_outputs(format, output), {policy->file}); !st) {
      return fail(st.error());
    }
  }
  options.tool_version = KY_VERSION;
  options.jobs = jobs;
  options.force = force;
  options.profile_phases = profile_phases;
  auto version = catalog::version(dir);
  if (!version) {
    return fail(version.error());
  }
  options.catalog_version = *version;
  // One batch at a time per registry: a second one waits here until the first has finished, and
  // then finds its files already recorded.
  const std::string db_path = resolve_db_path(reg.db);
  auto lock = registry::WriterLock::acquire(db_path, [&](long pid) {
    term::warning(db_path + ": " + tr("別の keiyaku batch", "another keiyaku batch") +
                  (pid > 0 ? tr("（pid ", " (pid ") + std::to_string(pid) + tr("）", ")") : "") +
                  tr("がこの台帳に書き込んでいます。終わるのを待ちます…",
                     " is writing to this registry; waiting for it to finish…"));
  });
  if (!lock) {
    return fail(lock.error());
  }
  auto registry = open_registry(reg, registry::OpenMode::create_if_missing);
  if (!registry) {
    return fail(registry.error());
  }
  auto engine = review::Engine::load({dir});
  if (!engine) {
    return fail(engine.error());
  }

  const bool tty = ::isatty(STDERR_FILENO) != 0;
  ProgressView view(tty, globals().quiet);
  g_stop.store(false);
  batch::Summary summary;
  {
    const StopSignals signals;
    auto done = batch::run(
        *engine, *registry, *files, options,
        [&](const batch::Progress& p, const batch::FileLine& line) { view.update(p, line); }, g_stop);
    view.clear();
    if (!done) {
      return fail(done.error());
    }
    summary = std::move(*done);
  }
  if (summary.interrupted && !globals().quiet) {
    term::warning(tr("中断しました。ここまでの結果は台帳に保存されています（次回は続きから審査します）",
                     "interrupted: everything finished so far is saved; the next run continues from here"));
  }
  auto head = registry->head();
  if (!head) {
    return fail(head.error());
  }
  Status written;
  if (format == "text") {
    written = write_output(output, summary_text(summary, *head));
  } else if (format == "json") {
    written = write_output(output, summary_json(summary, profile_phases, *head));
  } else {
    if (!globals().quiet) {
      std::fputs(summary_text(summary, *head).c_str(), stderr);
    }
    std::vector<int64_t> ids;
    for (const batch::FileLine& f : summary.files) {
      ids.push_back(f.contract_id);
    }
    batch::RegistrySource contracts(*registry, &ids);
    auto header = batch::report_header(*registry);
    if (!header) {
      return fail(header.error());
    }
    header->print.profile =
        policy ? policy->name + (policy->body.empty() ? "" : "（" + policy->body + "）")
               : std::string();
    written = report::write_report(contracts, *header, format, output);
    if (written) {
      note_findings_csv(format, output);
    }
  }
  if (!written) {
    return fail(written.error());
  }
  if (profile_phases) {
    std::fputs(phases_text(summary).c_str(), stderr);
  }
  if (summary.interrupted) {
    return static_cast<int>(ExitCode::interrupted);
  }
  if (summary.failed > 0) {
    return static_cast<int>(ExitCode::failure);
  }
  return summary.regressed > 0 ? static_cast<int>(ExitCode::findings)
                               : static_cast<int>(ExitCode::ok);
}

}  // namespace keiyaku::cli
