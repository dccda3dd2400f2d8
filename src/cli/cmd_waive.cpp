// keiyaku waive: approved exceptions (例外承認) to one requirement for one contract, until a date,
// kept in the registry with its history; scan shows a covered finding as waived until then.

#include "command.hpp"
#include "registry_common.hpp"
#include "waivers.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <batch/report_data.hpp>
#include <catalog/catalog.hpp>
#include <registry/json.hpp>
#include <registry/registry.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

namespace keiyaku::cli {

namespace {

namespace reg = keiyaku::registry;
namespace fs = std::filesystem;

constexpr int k_format_version = 1;
constexpr size_t k_sha256_hex = 64;

bool is_sha256(std::string_view s) {
  return s.size() == k_sha256_hex && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

// CONTRACT as typed: a contract file (its bytes are hashed) or a SHA-256 already.
Expected<std::string> contract_hash(const std::string& contract) {
  std::error_code ec;
  if (fs::is_regular_file(contract, ec)) {
    auto data = file::read(contract, size_t{512} << 20U);
    if (!data) {
      return data.error();
    }
    return sha256_hex(*data);
  }
  if (is_sha256(contract)) {
    return str::to_lower_ascii(contract);
  }
  return Error(ErrorCode::invalid_input,
               contract + ": " + tr("契約書のファイルでも SHA-256 でもありません",
                                    "neither a contract file nor a SHA-256"));
}

// The requirement as the catalog names it; RISK-* carry no verdict to waive.
Expected<std::string> requirement_id(const std::string& dir, const std::string& typed) {
  auto specs = catalog::load_dir(dir.empty() ? catalog::default_dir() : dir);
  if (!specs) {
    return specs.error();
  }
  std::string id = std::string(str::trim(typed));
  for (char& c : id) {
    c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  std::string best;
  size_t best_d = 3;
  for (const core::RuleSpec& s : *specs) {
    if (s.id == id) {
      if (s.kind == core::RuleKind::risk) {
        return Error(ErrorCode::invalid_input,
                     id + ": " + tr("RISK-* は判定のない注意事項のため例外承認の対象外です",
                                    "RISK-* flags carry no verdict to waive"));
      }
      return id;
    }
    const size_t d = str::edit_distance(id, s.id);
    if (d < best_d) {
      best_d = d;
      best = s.id;
    }
  }
  return Error(ErrorCode::not_found, tr("要件が見つかりません: ", "no such requirement: ") + typed +
                                         (best.empty() ? "" : tr("（もしかして: ", " (did you mean ") + best +
                                                                  tr("）", "?)")));
}

// A file's path as `batch` records its contract: absolute and lexically normal.
std::string registered_path(const std::string& path) {
  std::error_code ec;
  const fs::path abs = fs::absolute(fs::path(path), ec);
  return ec ? path : abs.lexically_normal().string();
}

std::string short_hash(const std::string& ref) {
  return is_sha256(ref) ? ref.substr(0, 12) : ref;
}

int waive_list(const RegistryOptions& ro, const std::string& format) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto waivers = r->list_waivers();
  if (!waivers) {
    return fail(waivers.error());
  }
  const reg::Date today = r->clock().today;
  // The registered contract of each waiver tied to one: where it is, and whether its text is still
  // the one the waiver was granted on.
  std::map<int64_t, reg::Contract> contracts;
  for (const auto& w : *waivers) {
    if (w.contract.id && contracts.count(*w.contract.id) == 0) {
      auto c = r->get_contract(*w.contract.id);
      if (!c) {
        return fail(c.error());
      }
      contracts[*w.contract.id] = *c;
    }
  }
  auto contract_of = [&](const reg::Waiver& w) -> const reg::Contract* {
    return w.contract.id ? &contracts[*w.contract.id] : nullptr;
  };
  auto text_changed = [&](const reg::Waiver& w) {
    const reg::Contract* c = contract_of(w);
    return c != nullptr && !w.sha256.empty() && !c->sha256.empty() && c->sha256 != w.sha256;
  };
  if (format == "json") {
    reg::Json items = reg::Json::array();
    for (const auto& w : *waivers) {
      reg::Json j = reg::to_json(w);
      j["active"] = w.until >= today;
      if (const reg::Contract* c = contract_of(w)) {
        j["contract_path"] = c->path;
        j["text_changed"] = text_changed(w);
      }
      items.push_back(std::move(j));
    }
    reg::Json env;
    env["format_version"] = k_format_version;
    env["today"] = reg::to_iso(today);
    env["waivers"] = std::move(items);
    out(env.dump(2) + "\n");
    return 0;
  }
  if (format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "contract", "requirement_id", "until", "active", "approver", "reason", "created_at",
                     "created_by", "contract_path", "sha256", "text_changed"});
    for (const auto& w : *waivers) {
      const reg::Contract* c = contract_of(w);
      text += csv_row({std::to_string(w.id), w.contract.text, w.requirement_id, reg::to_iso(w.until),
                       w.until >= today ? "1" : "0", w.approver, w.reason, w.created_at, w.created_by,
                       c != nullptr ? c->path : "", w.sha256, text_changed(w) ? "1" : "0"});
    }
    out(text);
    return 0;
  }
  if (waivers->empty()) {
    if (!globals().quiet) {
      std::fprintf(stderr, "%s\n", tr("例外承認は記録されていません", "no waivers").c_str());
    }
    return 0;
  }
  Table t({"ID", tr("契約（パス又は SHA-256）", "CONTRACT (PATH OR SHA-256)"), tr("要件", "REQUIREMENT"),
           tr("期限", "UNTIL"), tr("状態", "STATE"), tr("承認者", "APPROVER"), tr("理由", "REASON")});
  for (const auto& w : *waivers) {
    const reg::Contract* c = contract_of(w);
    std::string state = w.until >= today ? tr("有効", "active") : tr("期限切れ", "expired");
    if (text_changed(w)) {
      state += tr("・本文変更あり", ", text changed");
    }
    t.add({std::to_string(w.id), c != nullptr ? c->path : short_hash(w.contract.text), w.requirement_id,
           reg::to_iso(w.until), state, w.approver, w.reason});
  }
  out(t.render());
  return 0;
}

}  // namespace

std::string waivers_path(const std::string& db_flag) {
  if (!db_flag.empty()) {
    return db_flag;
  }
  const char* env = std::getenv("KEIYAKU_DB");
  std::error_code ec;
  if (env == nullptr || *env == '\0' || !fs::exists(env, ec)) {
    return {};
  }
  return env;
}

Status mark_waivers(std::vector<review::ReviewResult>& results, const std::string& db_flag) {
  RegistryOptions ro;
  ro.db = waivers_path(db_flag);
  if (ro.db.empty()) {
    return {};
  }
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return r.error();
  }
  const reg::Date today = r->clock().today;
  for (review::ReviewResult& result : results) {
    const std::string& sha256 = result.document.sha256;
    if (sha256.empty()) {
      continue;
    }
    // The registered contract of the file (at its path, as batch records it, or with this text):
    // its waivers follow it from one saved version to the next.
    auto contract = r->contract_of_file(registered_path(result.document.path), sha256);
    if (!contract) {
      return contract.error();
    }
    auto waivers = r->active_waivers(
        reg::ContractRef{*contract ? std::optional<int64_t>((*contract)->id) : std::nullopt, sha256}, today);
    if (!waivers) {
      return waivers.error();
    }
    for (const reg::Waiver& w : *waivers) {
      for (core::Finding& f : result.findings) {
        if (f.id != w.requirement_id || f.status == core::Status::not_applicable) {
          continue;
        }
        batch::keep_waiver(f.waived, batch::waived_by(w, sha256));
      }
    }
  }
  return {};
}

int cmd_waive(const Args& args) {
  CLI::App app(tr("要件の例外承認を台帳に記録する（期限まで scan に「例外承認」と表示）",
                  "record an approved exception to a requirement for one contract, until a date"),
               "keiyaku waive");
  RegistryOptions ro;
  add_registry_options(app, ro);
  std::string contract;
  std::string requirement;
  std::string reason;
  std::string approver;
  std::string until;
  std::string requirements_dir;
  bool list = false;
  std::string format = "text";
  app.add_option("contract", contract,
                 tr("契約書のファイル、またはその SHA-256（ハッシュと台帳の契約を記録。保存し直した版にも適用）",
                    "the contract file, or its SHA-256 (the hash and the registered contract are stored: a "
                    "version saved again is still covered)"));
  app.add_option("requirement", requirement, tr("要件ID（OUT-09 など）", "requirement id (OUT-09, ...)"));
  app.add_option("--reason", reason, tr("例外とする理由", "why the exception is accepted"));
  app.add_option("--approver", approver, tr("承認者", "who approved it"));
  app.add_option("--until", until, tr("期限（この日まで有効）: 2026-09-30, 令和8年9月30日 など",
                                      "last day it applies: 2026-09-30, 令和8年9月30日, ..."));
  app.add_option("--requirements", requirements_dir, tr("要件フォルダ", "requirements directory"));
  app.add_flag("--list", list, tr("記録されている例外承認の一覧", "list the waivers recorded"));
  app.add_option("--format", format, tr("--list の出力形式: text|json|csv", "--list output: text|json|csv"))
      ->check(CLI::IsMember({"text", "json", "csv"}));
  app.footer(tr("例: keiyaku waive contract.docx OUT-16 --reason 国内の小規模事業者のため --approver 情報政策課長 "
                "--until 2027-03-31",
                "example: keiyaku waive contract.docx OUT-16 --reason 'small local vendor' --approver 'CISO' "
                "--until 2027-03-31"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (list) {
    if (!contract.empty() || !requirement.empty()) {
      return fail(Error(ErrorCode::usage, tr("--list は契約・要件と同時に指定できません",
                                             "--list takes no contract or requirement")));
    }
    return waive_list(ro, format);
  }
  if (contract.empty() || requirement.empty()) {
    return fail(Error(ErrorCode::usage, tr("契約と要件IDを指定してください（一覧は --list）",
                                           "give a contract and a requirement id (or --list)")));
  }
  for (const auto& [value, option] : {std::pair{&reason, "--reason"}, std::pair{&approver, "--approver"},
                                      std::pair{&until, "--until"}}) {
    if (str::trim(*value).empty()) {
      return fail(Error(ErrorCode::usage, std::string(option) + tr(" を指定してください", " is required")));
    }
  }
  auto date = parse_date_option("--until", until);
  if (!date) {
    return fail(date.error());
  }
  // Checked before the registry is opened, so that a refused waiver creates no file.
  auto clock = resolve_clock(ro.fixed_time);
  if (!clock) {
    return fail(clock.error());
  }
  if (*date < clock->today) {
    return fail(Error(ErrorCode::invalid_input, tr("期限 ", "the until date ") + reg::to_iso(*date) +
                                                    tr(" は過去の日付です", " is in the past")));
  }
  auto hash = contract_hash(contract);
  if (!hash) {
    return fail(hash.error());
  }
  auto id = requirement_id(requirements_dir, requirement);
  if (!id) {
    return fail(id.error());
  }
  auto r = open_registry(ro, reg::OpenMode::create_if_missing);
  if (!r) {
    return fail(r.error());
  }
  // The registered contract the file is a version of, when there is one: the waiver follows it.
  std::error_code ec;
  const bool is_file = fs::is_regular_file(contract, ec);
  auto registered = r->contract_of_file(is_file ? registered_path(contract) : std::string(), *hash);
  if (!registered) {
    return fail(registered.error());
  }
  reg::Waiver w;
  w.contract = reg::ContractRef{*registered ? std::optional<int64_t>((*registered)->id) : std::nullopt, *hash};
  w.sha256 = *hash;
  w.requirement_id = *id;
  w.reason = std::string(str::trim(reason));
  w.approver = std::string(str::trim(approver));
  w.until = *date;
  auto added = r->add_waiver(w);
  if (!added) {
    return fail(added.error());
  }
  done(tr("例外承認を記録しました #", "recorded waiver #") + std::to_string(added->id) + ": " + added->requirement_id +
       " " + short_hash(added->contract.text) + " " + tr("期限 ", "until ") + reg::to_iso(added->until) + " (" +
       tr("承認者: ", "approver: ") + added->approver + ")" +
       (*registered ? tr("、台帳の契約 #", "; registered contract #") + std::to_string((*registered)->id) + " " +
                          (*registered)->path
                    : std::string()));
  return 0;
}

}  // namespace keiyaku::cli
