// keiyaku ledger: the vendor, certificate, verification and SNS ledgers out to one Excel workbook,
// and ledgers kept in Excel or CSV into the registry (src/ledger/).

#include "command.hpp"
#include "localize.hpp"
#include "output.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <batch/batch.hpp>
#include <registry/dates.hpp>

#include <cstdio>
#include <ledger/ledger.hpp>
#include <map>

namespace keiyaku::cli {

namespace {

namespace reg = registry;

int ledger_export(const RegistryOptions& ro, const std::string& output) {
  if (auto st = file::refuse_overlap({output}, registry_files(resolve_db_path(ro.db))); !st) {
    return fail(st.error());
  }
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto sheets = ledger::export_sheets(*r);
  if (!sheets) {
    return fail(sheets.error());
  }
  if (auto st = report::xlsx_tables(*sheets, tr("keiyaku 台帳", "keiyaku ledgers"),
                                    reg::to_iso(r->clock().today), output);
      !st) {
    return fail(st.error());
  }
  size_t rows = 0;
  for (const auto& s : *sheets) {
    rows += s.rows.size();
  }
  done(output + tr(": 台帳を書き出しました（", ": ledgers written (") + std::to_string(rows) +
       tr(" 行）", " rows)"));
  return 0;
}

struct ImportArgs {
  std::string ledger;
  std::string file;
  std::string sheet;
  std::vector<std::string> map;
  bool dry_run = false;
};

std::string action_label(ledger::Change::Action a) {
  switch (a) {
    case ledger::Change::Action::add:
      return tr("追加", "add");
    case ledger::Change::Action::update:
      return tr("変更", "update");
    case ledger::Change::Action::same:
      return tr("変更なし", "unchanged");
  }
  return {};
}

std::string row_text(int row) {
  return tr("", "row ") + std::to_string(row) + tr("行目", "");
}

int ledger_import(const RegistryOptions& ro, const ImportArgs& a) {
  const auto which = ledger::parse_ledger(a.ledger);
  if (!which) {
    return fail(Error(ErrorCode::usage, tr("台帳の種類が違います: ", "no such ledger: ") +
                                            a.ledger + " (" +
                                            str::join(ledger::ledger_names(), "|") + ")"));
  }
  ledger::Mapping mapping;
  for (const std::string& m : a.map) {
    const size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) {
      return fail(
          Error(ErrorCode::usage,
                "--map: " + m + tr(": 項目=見出し の形で指定します", ": give FIELD=HEADING")));
    }
    mapping[m.substr(0, eq)] = m.substr(eq + 1);
  }
  if (auto st = file::refuse_overlap({a.file}, registry_files(resolve_db_path(ro.db))); !st) {
    return fail(st.error());
  }
  auto table = ledger::read_table(a.file, a.sheet);
  if (!table) {
    return fail(table.error());
  }
  auto r = open_registry(ro, reg::OpenMode::create_if_missing);
  if (!r) {
    return fail(r.error());
  }
  auto result = ledger::import_table(*r, *which, *table, mapping,
                                     a.dry_run ? ledger::DryRun::yes : ledger::DryRun::no);
  if (!result) {
    return fail(Error(result.error().code, a.file + ": " + result.error().message));
  }
  std::map<ledger::Change::Action, int> counts;
  std::string text;
  for (const ledger::Change& c : result->changes) {
    ++counts[c.action];
    text += row_text(c.row) + "  " + action_label(c.action) + "  " + c.what + "\n";
  }
  if (!globals().quiet || a.dry_run) {
    show(text);
  }
  for (const ledger::Problem& p : result->problems) {
    term::error(a.file + ": " + row_text(p.row) + ": " + p.reason);
  }
  const std::string tally = action_label(ledger::Change::Action::add) + " " +
                            std::to_string(counts[ledger::Change::Action::add]) + tr("、", ", ") +
                            action_label(ledger::Change::Action::update) + " " +
                            std::to_string(counts[ledger::Change::Action::update]) +
                            tr("、", ", ") + action_label(ledger::Change::Action::same) + " " +
                            std::to_string(counts[ledger::Change::Action::same]);
  if (!result->problems.empty()) {
    term::error(
        a.file + ": " + tr("問題のある行が ", "") + std::to_string(result->problems.size()) +
        tr(" 行あるため、何も書き込んでいません（", " rows refused, so nothing was written (") +
        tally + tr(" の予定）", " planned)"));
    return static_cast<int>(ExitCode::failure);
  }
  std::fprintf(
      stderr, "%s\n",
      (tally + (a.dry_run ? tr("（--dry-run: 書き込んでいません）", " (--dry-run: nothing written)")
                          : tr("（書き込みました）", " (written)")))
          .c_str());
  if (!a.dry_run && *which == ledger::Ledger::vendors) {
    // Contracts already reviewed that name a vendor just imported are linked to it at once.
    auto linked = batch::link_vendors(*r);
    if (!linked) {
      return fail(linked.error());
    }
    if (*linked > 0) {
      std::fprintf(stderr, "%s\n",
                   (tr("審査済みの契約書 ", "linked ") + std::to_string(*linked) +
                    tr(" 件を事業者に結び付けました", " reviewed contract(s) to their vendors"))
                       .c_str());
    }
  }
  return 0;
}

}  // namespace

int cmd_ledger(const Args& args) {
  CLI::App app(tr("台帳（事業者・認証・確認・SNSアカウント）の Excel・CSV 入出力",
                  "the ledgers (vendors, certificates, verifications, SNS accounts) in and out of "
                  "Excel and CSV"),
               "keiyaku ledger");
  app.fallthrough();
  app.require_subcommand(1);
  RegistryOptions ro;
  add_registry_options(app, ro);
  int rc = 0;

  std::string output;
  auto* exp =
      app.add_subcommand("export", tr("4つの台帳を1つの Excel ブックに書き出す（印刷できる形）",
                                      "write the four ledgers as one Excel workbook (printable)"));
  exp->add_option("-o,--output", output, tr("出力先（.xlsx）", "output file (.xlsx)"))->required();
  exp->callback([&] { rc = ledger_export(ro, output); });

  ImportArgs ia;
  auto* imp = app.add_subcommand(
      "import",
      tr("Excel（.xlsx）や CSV の台帳を取り込む（1行でも誤りがあれば何も書き込まない）",
         "read a ledger from Excel (.xlsx) or CSV (nothing is written if any row is bad)"));
  imp->add_option("ledger", ia.ledger, str::join(ledger::ledger_names(), "|"))
      ->required()
      ->transform(value_names("ledger", ledger::ledger_names()))
      ->check(CLI::IsMember(ledger::ledger_names()));
  imp->add_option("file", ia.file,
                  tr("台帳のファイル（.xlsx、または CSV: UTF-8・Shift_JIS）",
                     "the ledger file (.xlsx, or CSV in UTF-8 or Shift_JIS)"))
      ->required();
  imp->add_option("--sheet", ia.sheet,
                  tr("シート名（既定: 最初のシート）", "sheet name (default: the first)"));
  imp->add_option("--map", ia.map,
                  tr("見出しの対応（複数可）: 項目=見出し。例: --map name=取引先名",
                     "a column heading (repeatable): FIELD=HEADING, e.g. --map name=取引先名"));
  imp->add_flag("--dry-run", ia.dry_run,
                tr("追加・変更する内容を表示するだけで書き込まない",
                   "list what would be added or changed, write nothing"));
  std::string fields_help;
  for (const std::string& n : ledger::ledger_names()) {
    std::vector<std::string> names;
    for (const ledger::Field& f : ledger::fields(*ledger::parse_ledger(n))) {
      names.push_back(f.name + (f.required ? "*" : "") + "(" + f.heading + ")");
    }
    fields_help += n + ": " + str::join(names, " ") + "\n";
  }
  imp->footer(
      tr("項目（* は必須。括弧内は既定の見出し）:\n",
         "fields (* required; default heading in brackets):\n") +
      fields_help +
      tr("終了コード: 0 取り込んだ（--dry-run では確認だけ）/ 2 誤りのある行があった・読めない",
         "exit codes: 0 imported (--dry-run: checked), 2 a row was refused or the file "
         "unreadable"));
  imp->callback([&] { rc = ledger_import(ro, ia); });

  if (const int r = parse(app, args); r >= 0) {
    return r;
  }
  return rc;
}

}  // namespace keiyaku::cli
