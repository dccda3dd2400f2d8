// keiyaku user: the accounts of the workspace (keiyaku serve). Passwords are read from the
// terminal without echo, or from the first line of standard input, never from an argument.

#include "command.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <registry/users.hpp>

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <serve/security.hpp>

namespace keiyaku::cli {

namespace {

namespace reg = keiyaku::registry;

std::string read_line_quiet(const std::string& prompt) {
  termios old{};
  const bool tty = ::isatty(STDIN_FILENO) != 0 && tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

// The new password: asked twice on a terminal, else the first line of stdin.
Expected<std::string> read_new_password() {
  std::string password = read_line_quiet(tr("パスワード: ", "password: "));
  if (::isatty(STDIN_FILENO) != 0) {
    if (read_line_quiet(tr("もう一度: ", "again: ")) != password) {
      return Error(ErrorCode::usage, tr("パスワードが一致しません", "the passwords do not match"));
    }
  }
  if (auto st = serve::validate_password(password); !st) {
    return st.error();
  }
  return password;
}

Expected<std::string> new_hash() {
  if (auto st = serve::init_crypto(); !st) {
    return st.error();
  }
  auto password = read_new_password();
  if (!password) {
    return password.error();
  }
  return serve::hash_password(*password);
}

}  // namespace

int cmd_user(const Args& args) {
  CLI::App app(tr("作業画面（keiyaku serve）の利用者と役割",
                  "accounts and roles of the workspace (keiyaku serve)"),
               "keiyaku user");
  app.require_subcommand(1);
  app.fallthrough();
  RegistryOptions ro;
  add_registry_options(app, ro);
  std::string name;
  std::string role;
  const std::vector<std::string> roles{"viewer", "reviewer", "approver", "admin"};
  const std::string role_help = tr(
      "役割: "
      "viewer（閲覧）|reviewer（審査・台帳の編集）|approver（例外承認も）|admin（利用者の管理も）",
      "role: viewer|reviewer (review, edit ledgers)|approver (also waivers)|admin (also users)");
  CLI::App* add = app.add_subcommand("add", tr("利用者を追加する（パスワードは標準入力から）",
                                               "add a user (password from stdin)"));
  add->add_option("NAME", name, tr("利用者名", "user name"))->required();
  add->add_option("--role", role, role_help)->required()->check(CLI::IsMember(roles));
  CLI::App* list = app.add_subcommand("list", tr("利用者の一覧", "list users"));
  CLI::App* passwd = app.add_subcommand(
      "passwd", tr("パスワードを変える（標準入力から）", "set a password (from stdin)"));
  passwd->add_option("NAME", name, tr("利用者名", "user name"))->required();
  CLI::App* set_role = app.add_subcommand("role", tr("役割を変える", "change a role"));
  set_role->add_option("NAME", name, tr("利用者名", "user name"))->required();
  set_role->add_option("--role", role, role_help)->required()->check(CLI::IsMember(roles));
  CLI::App* disable = app.add_subcommand("disable", tr("利用を停止する", "disable a user"));
  disable->add_option("NAME", name, tr("利用者名", "user name"))->required();
  CLI::App* enable = app.add_subcommand("enable", tr("利用を再開する", "enable a user"));
  enable->add_option("NAME", name, tr("利用者名", "user name"))->required();
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (!name.empty()) {
    if (auto st = reg::validate_user_name(name); !st) {
      return fail(st.error());
    }
  }
  std::string hash;
  if (add->parsed() || passwd->parsed()) {  // before the registry is opened or created
    auto h = new_hash();
    if (!h) {
      return fail(h.error());
    }
    hash = *h;
  }
  auto r = open_registry(
      ro, add->parsed() ? reg::OpenMode::create_if_missing : reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  reg::UserStore users(*r);
  Expected<reg::User> changed = Error(ErrorCode::internal, "");
  if (list->parsed()) {
    auto all = users.list();
    if (!all) {
      return fail(all.error());
    }
    Table t({tr("利用者", "USER"), tr("役割", "ROLE"), tr("状態", "STATE"), tr("作成", "CREATED")});
    for (const reg::User& u : *all) {
      t.add({u.name, std::string(reg::name(u.role)) + " (" + reg::label(u.role) + ")",
             u.disabled ? tr("停止中", "disabled") : tr("有効", "enabled"), u.created_at});
    }
    out(t.render());
    return 0;
  }
  if (add->parsed()) {
    changed = users.add(name, *reg::parse_role(role), hash);
  } else if (passwd->parsed()) {
    changed = users.set_password(name, hash);
  } else if (set_role->parsed()) {
    changed = users.set_role(name, *reg::parse_role(role));
  } else {
    changed = users.set_disabled(name, disable->parsed());
  }
  if (!changed) {
    return fail(changed.error());
  }
  done((add->parsed() ? tr("利用者を追加しました: ", "added user: ")
                      : tr("利用者を更新しました: ", "updated user: ")) +
       changed->name + " (" + reg::label(changed->role) +
       (changed->disabled ? tr("、停止中", ", disabled") : "") + ")");
  return 0;
}

}  // namespace keiyaku::cli
