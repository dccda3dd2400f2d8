// keiyaku db: migrate, back up and verify the registry, and read its history.

#include "command.hpp"
#include "output.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/term.hpp>
#include <registry/json.hpp>
#include <registry/registry.hpp>
#include <text/normalize.hpp>

namespace keiyaku::cli {

namespace {

namespace reg = keiyaku::registry;
using reg::Json;

int db_migrate(const RegistryOptions& ro) {
  auto clock = resolve_clock(ro.fixed_time);
  if (!clock) {
    return fail(clock.error());
  }
  reg::OpenOptions o;
  o.path = resolve_db_path(ro.db);
  o.by = resolve_by(ro.by);
  o.clock = *clock;
  o.migrate = reg::AutoMigrate::no;
  o.fold = text::identifier_key;
  auto r = reg::Registry::open(o);
  if (!r) {
    return fail(r.error());
  }
  auto m = r->migrate();
  if (!m) {
    return fail(m.error());
  }
  if (m->from == m->to) {
    done(tr("スキーマは最新です（版 ", "the schema is up to date (version ") +
         std::to_string(m->to) + tr("）", ")"));
  } else {
    done(tr("スキーマを移行しました: 版 ", "migrated the schema from version ") +
         std::to_string(m->from) + tr(" → ", " to ") + std::to_string(m->to));
  }
  return 0;
}

int db_backup(const RegistryOptions& ro, const std::string& path, bool force) {
  if (auto st = file::refuse_overlap({path}, registry_files(resolve_db_path(ro.db))); !st) {
    return fail(st.error());
  }
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  if (auto s = r->backup(path, force ? reg::Force::yes : reg::Force::no); !s) {
    return fail(s.error());
  }
  done(tr("バックアップを作成しました: ", "backed up to ") + path);
  return 0;
}

int db_verify(const RegistryOptions& ro,
              const std::string& expect_head,
              const std::string& format) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto report =
      r->verify(expect_head.empty() ? std::nullopt : std::optional<std::string>(expect_head));
  if (!report) {
    return fail(report.error());
  }
  if (format == "json") {
    Json j;
    j["format_version"] = 1;
    j["ok"] = report->ok();
    j["schema_version"] = report->schema_version;
    j["history_rows"] = report->history_rows;
    j["head_hash"] = report->head_hash;
    j["head_seq"] = report->head_seq;
    j["first_bad_row"] = report->first_bad_row ? Json(*report->first_bad_row) : Json(nullptr);
    j["problems"] = report->problems;
    out(j.dump(2) + "\n");
  } else if (report->ok()) {
    reg::HistoryHead head;
    head.seq = report->head_seq;
    head.hash = report->head_hash;
    out(tr("正常: 整合性・外部キー・履歴のハッシュ連鎖・台帳と履歴の一致（",
           "ok: integrity, foreign keys, history chain, tables match the history (") +
        std::to_string(report->history_rows) + tr(" 行、先頭 ", " rows, head ") +
        reg::format_anchor(head) + tr("）\n", ")\n"));
  } else {
    for (const std::string& p : report->problems) {
      term::error(resolve_db_path(ro.db) + ": " + p);
    }
  }
  return report->ok() ? 0 : 1;
}

int db_anchor(const RegistryOptions& ro, const std::string& format) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto head = r->head();
  if (!head) {
    return fail(head.error());
  }
  if (format == "json") {
    Json j;
    j["format_version"] = 1;
    j["anchor"] = reg::format_anchor(*head);
    j["seq"] = head->seq;
    j["hash"] = head->hash;
    j["at"] = head->at;
    out(j.dump(2) + "\n");
  } else {
    show(anchor_line(*head) + (head->at.empty() ? std::string() : "  (" + head->at + ")") + "\n");
  }
  return 0;
}

int db_history(const RegistryOptions& ro,
               const std::string& entity,
               std::optional<int64_t> id,
               const std::string& format) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto rows = r->history(entity, id);
  if (!rows) {
    return fail(rows.error());
  }
  if (format == "json") {
    Json items = Json::array();
    for (const auto& h : *rows) {
      items.push_back(reg::to_json(h));
    }
    Json j;
    j["format_version"] = 1;
    j["history"] = std::move(items);
    out(j.dump(2) + "\n");
    return 0;
  }
  if (format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "at", "by", "entity", "entity_id", "action", "before", "after",
                     "prev_hash", "hash"});
    for (const auto& h : *rows) {
      text += csv_row({std::to_string(h.id), h.at, h.by, h.entity, std::to_string(h.entity_id),
                       h.action, h.before.value_or(""), h.after.value_or(""), h.prev_hash, h.hash});
    }
    out(text);
    return 0;
  }
  Table t({"#", tr("日時", "AT"), tr("操作者", "BY"), tr("対象", "WHAT"), tr("操作", "ACTION"),
           tr("ハッシュ", "HASH")});
  for (const auto& h : *rows) {
    t.add({std::to_string(h.id), h.at, h.by, h.entity + " #" + std::to_string(h.entity_id),
           h.action, h.hash.substr(0, 12)});
  }
  if (!t.empty()) {
    out(t.render());
  }
  return 0;
}

}  // namespace

int cmd_db(const Args& args) {
  CLI::App app(tr("台帳データベースの移行・バックアップ・検証・履歴・アンカー",
                  "migrate, back up and verify the registry; read its history and anchor"),
               "keiyaku db");
  app.fallthrough();
  app.require_subcommand(1);
  RegistryOptions ro;
  add_registry_options(app, ro);
  int rc = 0;

  auto* migrate =
      app.add_subcommand("migrate", tr("スキーマを最新の版に移行する（開くときにも自動で行う）",
                                       "bring the schema up to date (also done on every open)"));
  migrate->callback([&] { rc = db_migrate(ro); });

  std::string path;
  bool force = false;
  auto* backup = app.add_subcommand(
      "backup", tr("稼働中でも一貫したバックアップを作る（SQLite のオンラインバックアップ）",
                   "a consistent copy, even while in use (SQLite online backup)"));
  backup->add_option("path", path, tr("バックアップ先", "where to write the copy"))->required();
  backup->add_flag("--force", force,
                   tr("既存のファイルを上書きする", "overwrite an existing file"));
  backup->callback([&] { rc = db_backup(ro, path, force); });

  std::string expect_head;
  std::string format;
  auto* verify = app.add_subcommand(
      "verify",
      tr("整合性・外部キー・履歴のハッシュ連鎖と、台帳の各表が履歴と一致することを検証する"
         "（問題があれば終了コード1）",
         "check integrity, foreign keys, the history hash chain, and every table against the "
         "history (exit 1 on a problem)"));
  verify->add_option(
      "--expect-head", expect_head,
      tr("以前に記録した先頭（db anchor の「連番:ハッシュ」又はハッシュ）: 履歴の切り詰め"
         "や作り直しを検出する",
         "a head recorded earlier (SEQ:HASH from db anchor, or a hash): detects a "
         "history cut back or rewritten"));
  add_format_option(*verify, format, {"text", "json"});
  verify->callback([&] { rc = db_verify(ro, expect_head, format); });

  std::string anchor_format;
  auto* anchor = app.add_subcommand(
      "anchor", tr("履歴の先頭（連番:ハッシュ）を表示する: 決裁文書や記録に控え、db verify "
                   "--expect-head で照合する",
                   "print the history head (SEQ:HASH): keep it outside the database (a 決裁 "
                   "document, a log) and check it with db verify --expect-head"));
  add_format_option(*anchor, anchor_format, {"text", "json"});
  anchor->callback([&] { rc = db_anchor(ro, anchor_format); });

  std::string entity;
  std::optional<int64_t> id;
  std::string history_format;
  auto* history =
      app.add_subcommand("history", tr("変更履歴を表示する", "show the change history"));
  history
      ->add_option("--entity", entity,
                   "vendor|certificate|verification|subcontract|contract|account|waiver|review")
      ->check(CLI::IsMember({"vendor", "certificate", "verification", "subcontract", "contract",
                             "account", "waiver", "review"}));
  history->add_option("--id", id,
                      tr("対象のID（--entity と併用）", "id of the entity (with --entity)"));
  add_format_option(*history, history_format, {"text", "json", "csv"});
  history->callback([&] { rc = db_history(ro, entity, id, history_format); });

  if (const int r = parse(app, args); r >= 0) {
    return r;
  }
  return rc;
}

}  // namespace keiyaku::cli
