#include "cli.hpp"

#include "command.hpp"
#include "data_dir.hpp"
#include "localize.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#ifndef KY_VERSION
#define KY_VERSION "0.0.0"
#endif

namespace keiyaku::cli {

namespace {

struct Command {
  const char* name;
  const char* summary_ja;
  const char* summary_en;
  int (*handler)(const Args&);
};

// Every subcommand, in the order `keiyaku help` lists them.
const Command k_commands[] = {
    {"scan", "契約書を審査し、要件ごとの判定と根拠を出す",
     "review contracts: a verdict and evidence per requirement", cmd_scan},
    {"batch", "フォルダ内の契約書をまとめて審査し台帳に記録する",
     "review a tree of contracts into the registry", cmd_batch},
    {"extract", "keiyaku が読んだとおりの文書を表示する", "show the document as keiyaku reads it",
     cmd_extract},
    {"diff", "契約書の2つの版を比べ、変更が各要件に与える影響を出す",
     "what the changes between two drafts do to each requirement", cmd_diff},
    {"inspect", "ファイル自体のリスク（マクロ、外部テンプレート等）を表示する",
     "file-level risks (macros, external template, ...)", cmd_inspect},
    {"vendor", "委託事業者・認証・確認の台帳", "vendors, certificates, verifications, what is due",
     cmd_vendor},
    {"sns", "公式SNSアカウントの台帳と点検", "official social-media accounts, owners, checks",
     cmd_sns},
    {"profile", "団体ごとのポリシープロファイル", "policy profiles of local bodies", cmd_profile},
    {"requirements", "要件カタログの一覧・表示・検証",
     "list, show and lint the requirement catalog", cmd_requirements},
    {"waive", "要件の例外承認を記録する", "record a waiver for a requirement", cmd_waive},
    {"report", "台帳の最新審査結果を報告書にする", "report the latest review of every contract",
     cmd_report},
    {"ledger", "台帳の Excel 書き出し・Excel/CSV からの取り込み",
     "ledgers out to Excel, in from Excel or CSV", cmd_ledger},
    {"db", "台帳データベースのバックアップ・検証・移行", "back up, verify and migrate the registry",
     cmd_db},
    {"serve", "ブラウザから使う作業画面を提供する", "serve the workspace in the browser", cmd_serve},
    {"user", "作業画面の利用者と役割", "accounts and roles of the workspace", cmd_user},
};

void print_help() {
  std::printf("%s\n\n", tr("keiyaku — 委託・クラウド・SNS契約のセキュリティ条項チェックと台帳管理",
                           "keiyaku — security terms in outsourcing, cloud and SNS contracts, and the ledgers")
                            .c_str());
  std::printf("%s\n  keiyaku <command> [options]\n\n", tr("使い方:", "usage:").c_str());
  std::printf("%s\n", tr("コマンド:", "commands:").c_str());
  for (const Command& c : k_commands) {
    std::printf("  %-13s %s\n", c.name, ui_lang() == Lang::ja ? c.summary_ja : c.summary_en);
  }
  std::printf("\n%s\n", tr("共通オプション:", "global options:").c_str());
  std::printf("  --lang ja|en   %s\n", tr("表示言語（既定は LANG から）", "message language (default from LANG)").c_str());
  std::printf("  --no-color     %s\n", tr("色を付けない（NO_COLOR も可）", "no colour (also NO_COLOR)").c_str());
  std::printf("  --quiet        %s\n", tr("進捗表示を出さない", "no progress output").c_str());
  std::printf(
      "  --data DIR     %s\n",
      tr("データフォルダ（requirements/ と辞書。既定は <prefix>/share/keiyaku、KEIYAKU_DATA も可）",
         "data folder (requirements/, dictionary; default <prefix>/share/keiyaku, also "
         "KEIYAKU_DATA)")
          .c_str());
  std::printf("  --version      %s\n", tr("バージョンを表示", "print the version").c_str());
  std::printf("\n%s\n", tr("各コマンドの詳細: keiyaku <command> --help",
                           "details of a command: keiyaku <command> --help")
                            .c_str());
  std::printf("%s\n", tr("環境変数: KEIYAKU_DB（台帳）、KEIYAKU_DATA（データフォルダ）、"
                         "KEIYAKU_NOW（日時の固定）、LANG（ja_* で日本語）、NO_COLOR",
                         "environment: KEIYAKU_DB (registry), KEIYAKU_DATA (data folder), "
                         "KEIYAKU_NOW (fixed time), LANG (ja_* for Japanese), NO_COLOR")
                          .c_str());
  std::printf(
      "%s\n",
      tr("終了コード: 0 問題なし / 1 指摘あり（scan の --fail-on、vendor due の"
         "期限超過・未確認、sns check の違反）/ 2 読めない入力・使い方の誤り / 3 内部エラー",
         "exit codes: 0 clean / 1 findings (scan --fail-on, vendor due "
         "overdue or never verified, sns check problems) / 2 unreadable input or "
         "usage error / 3 internal error")
          .c_str());
}

const Command* find_command(std::string_view name) {
  for (const Command& c : k_commands) {
    if (name == c.name) {
      return &c;
    }
  }
  return nullptr;
}

std::string did_you_mean(std::string_view name) {
  std::string best;
  size_t best_d = 3;
  for (const Command& c : k_commands) {
    const size_t d = str::edit_distance(name, c.name);
    if (d < best_d) {
      best_d = d;
      best = c.name;
    }
  }
  return best;
}

}  // namespace

Globals& globals() {
  static Globals g;
  return g;
}

int parse(CLI::App& app, const Args& args) {
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& a : args) {
    argv.push_back(a.c_str());
  }
  localize_help(app);
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    std::printf("%s", app.help().c_str());
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::printf("%s", app.help("", CLI::AppFormatMode::All).c_str());
    return 0;
  } catch (const CLI::ParseError& e) {
    term::error(app.get_name() + ": " + localize_error(e.what()));
    std::fprintf(stderr, "%s\n",
                 tr("詳しくは --help を参照してください", "see --help for usage").c_str());
    return 2;
  }
  return -1;
}

int fail(const Error& error) {
  term::error(format_error(error));
  return error.code == ErrorCode::internal ? static_cast<int>(ExitCode::internal)
                                           : static_cast<int>(ExitCode::failure);
}

int run(int argc, char** argv) {
  set_ui_lang(lang_from_env());
  // Global options may stand anywhere; take them out before the subcommand parses.
  Args rest;
  bool show_version = false;
  bool show_help = false;
  std::string data_option;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--lang" || str::starts_with(a, "--lang=")) {
      std::string v;
      if (a == "--lang") {
        if (i + 1 >= argc) {
          term::error("--lang: ja|en");
          return 2;
        }
        v = argv[++i];
      } else {
        v = std::string(a.substr(7));
      }
      if (v == "ja") {
        set_ui_lang(Lang::ja);
      } else if (v == "en") {
        set_ui_lang(Lang::en);
      } else {
        term::error("--lang: " + v + ": ja|en");
        return 2;
      }
    } else if (a == "--no-color" || a == "--no-colour") {
      term::set_color_disabled(true);
    } else if (a == "--quiet" || a == "-q") {
      globals().quiet = true;
    } else if (rest.empty() && (a == "--db" || str::starts_with(a, "--db="))) {
      // 「keiyaku --db PATH vendor list」: a registry named before the command is the default
      // registry of that command, as $KEIYAKU_DB is.
      std::string v;
      if (a == "--db") {
        if (i + 1 >= argc) {
          term::error("--db: PATH");
          return 2;
        }
        v = argv[++i];
      } else {
        v = std::string(a.substr(5));
      }
      ::setenv("KEIYAKU_DB", v.c_str(), 1);
    } else if (a == "--data" || str::starts_with(a, "--data=")) {
      if (a == "--data") {
        if (i + 1 >= argc) {
          term::error("--data: DIR");
          return 2;
        }
        data_option = argv[++i];
      } else {
        data_option = std::string(a.substr(7));
      }
    } else if (rest.empty() && (a == "--version" || a == "-V")) {
      show_version = true;
    } else if (rest.empty() && (a == "--help" || a == "-h" || a == "help")) {
      show_help = true;
    } else {
      rest.emplace_back(a);
    }
  }
  // The version and the top-level help need no data folder (nor the built-in copy extracted).
  if (show_version) {
    std::printf("keiyaku %s\n", KY_VERSION);
    return 0;
  }
  if (rest.empty()) {
    print_help();
    return show_help ? 0 : 2;
  }
  auto data = find_data_dir(data_option);
  if (!data) {
    return fail(data.error());
  }
  use_data_dir(*data);
  if (rest.empty() || show_help) {
    if (show_help && !rest.empty()) {
      // "keiyaku help scan" == "keiyaku scan --help"
      rest.emplace_back("--help");
    } else {
      print_help();
      return rest.empty() && !show_help ? 2 : 0;
    }
  }
  const Command* cmd = find_command(rest[0]);
  if (cmd == nullptr) {
    std::string msg = tr("不明なコマンドです: ", "unknown command: ") + rest[0];
    const std::string guess = did_you_mean(rest[0]);
    if (!guess.empty()) {
      msg += tr("（もしかして: ", " (did you mean '") + guess + tr("）", "'?)");
    }
    term::error(msg);
    return 2;
  }
  rest[0] = std::string("keiyaku ") + cmd->name;
  try {
    return cmd->handler(rest);
  } catch (const std::exception& e) {
    term::error(tr("内部エラー: ", "internal error: ") + e.what());
    return 3;
  }
}

}  // namespace keiyaku::cli
