// keiyaku sns: the ledger of official social-media accounts, its checks (SNS-01…08) and the
// public list of official accounts published against impersonation.

#include "command.hpp"
#include "localize.hpp"
#include "output.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <registry/json.hpp>
#include <registry/registry.hpp>
#include <registry/sns_rules.hpp>

#include <map>

namespace keiyaku::cli {

namespace {

namespace reg = keiyaku::registry;
using reg::Json;

constexpr int k_format_version = 1;

void print_json(const Json& j) {
  out(j.dump(2) + "\n");
}

std::string account_ref(const reg::Account& a) {
  return "#" + std::to_string(a.id) + " " + reg::account_label(a);
}

std::string yes_no(bool b) {
  return b ? tr("はい", "yes") : tr("いいえ", "no");
}

// Every option of add and edit; the tri-state flags are read from their Option counts.
struct AccountArgs {
  std::string key;
  std::string service;
  std::optional<std::string> handle;
  std::optional<std::string> url;
  std::optional<std::string> department;
  std::optional<std::string> owner;
  std::optional<std::string> deputy;
  std::optional<std::string> procedure;
  std::optional<std::string> listed_at;
  std::optional<std::string> operator_vendor;
  std::optional<std::string> purpose;
  std::optional<std::string> last_post;
  std::optional<std::string> date;
  std::string reason;
  bool all = false;
  std::string format;
  std::string output;
  std::string title;
  CLI::Option* profile_yes = nullptr;
  CLI::Option* profile_no = nullptr;
  CLI::Option* mfa_yes = nullptr;
  CLI::Option* mfa_no = nullptr;
  CLI::Option* emergency_yes = nullptr;
  CLI::Option* emergency_no = nullptr;
  CLI::Option* operator_no = nullptr;
};

std::optional<bool> tri(const CLI::Option* yes, const CLI::Option* no) {
  if (yes != nullptr && yes->count() > 0) {
    return true;
  }
  if (no != nullptr && no->count() > 0) {
    return false;
  }
  return std::nullopt;
}

// Resolves --operator to a vendor id.
Expected<std::optional<int64_t>> operator_id(reg::Registry& r, const AccountArgs& a) {
  if (!a.operator_vendor || str::trim(*a.operator_vendor).empty()) {
    return std::optional<int64_t>();
  }
  auto v = r.find_vendor(*a.operator_vendor);
  if (!v) {
    return Error(v.error().code, "--operator: " + v.error().message);
  }
  return std::optional<int64_t>(v->id);
}

int sns_add(const RegistryOptions& ro, const AccountArgs& a) {
  auto last_post = parse_opt_date_option("--last-post", a.last_post);
  if (!last_post) {
    return fail(last_post.error());
  }
  const auto service = reg::parse_service(a.service);
  if (!service) {
    return fail(Error(ErrorCode::usage, "--service: " + a.service));
  }
  reg::Account acc;
  acc.service = *service;
  acc.handle = a.handle.value_or("");
  acc.url = a.url.value_or("");
  acc.department = a.department.value_or("");
  acc.owner = a.owner.value_or("");
  acc.deputy = a.deputy.value_or("");
  acc.procedure_doc = a.procedure.value_or("");
  acc.listed_at = a.listed_at.value_or("");
  acc.profile_names_body = tri(a.profile_yes, nullptr).value_or(false);
  acc.mfa = tri(a.mfa_yes, nullptr).value_or(false);
  acc.emergency = tri(a.emergency_yes, nullptr).value_or(false);
  acc.purpose = a.purpose.value_or("");
  acc.last_post = *last_post;
  if (auto s = reg::validate_account(acc); !s) {  // before the file is created
    return fail(s.error());
  }
  auto r = open_registry(ro, reg::OpenMode::create_if_missing);
  if (!r) {
    return fail(r.error());
  }
  auto op = operator_id(*r, a);
  if (!op) {
    return fail(op.error());
  }
  acc.operator_id = *op;
  auto added = r->add_account(acc);
  if (!added) {
    return fail(added.error());
  }
  done(tr("アカウントを登録しました: ", "added account ") + account_ref(*added));
  return 0;
}

int sns_edit(const RegistryOptions& ro, const AccountArgs& a) {
  auto last_post = parse_opt_date_option("--last-post", a.last_post);
  if (!last_post) {
    return fail(last_post.error());
  }
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto acc = r->find_account(a.key);
  if (!acc) {
    return fail(acc.error());
  }
  reg::AccountPatch p;
  p.handle = a.handle;
  p.url = a.url;
  p.department = a.department;
  p.owner = a.owner;
  p.deputy = a.deputy;
  p.procedure_doc = a.procedure;
  p.listed_at = a.listed_at;
  p.profile_names_body = tri(a.profile_yes, a.profile_no);
  p.mfa = tri(a.mfa_yes, a.mfa_no);
  p.emergency = tri(a.emergency_yes, a.emergency_no);
  p.purpose = a.purpose;
  p.last_post = *last_post;
  if (a.operator_no != nullptr && a.operator_no->count() > 0) {
    p.operator_id = std::optional<int64_t>();
  } else if (a.operator_vendor) {
    auto op = operator_id(*r, a);
    if (!op) {
      return fail(op.error());
    }
    p.operator_id = *op;
  }
  auto edited = r->edit_account(acc->id, p);
  if (!edited) {
    return fail(edited.error());
  }
  if (edited->department != edited->owner_department && p.department && !p.owner) {
    term::warning(
        tr("所管課が変わりました: 責任者を keiyaku sns set-owner で更新・確認してください [SNS-02]",
           "the department changed: update or confirm the owner with keiyaku sns "
           "set-owner [SNS-02]"));
  }
  done(tr("アカウントを更新しました: ", "updated account ") + account_ref(*edited));
  return 0;
}

int sns_set_owner(const RegistryOptions& ro, const AccountArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto acc = r->find_account(a.key);
  if (!acc) {
    return fail(acc.error());
  }
  auto edited = r->set_owner(acc->id, a.owner.value_or(""), a.deputy);
  if (!edited) {
    return fail(edited.error());
  }
  done(tr("責任者を設定しました: ", "set the owner of ") + account_ref(*edited) + ": " +
       edited->owner + (edited->deputy.empty() ? "" : " / " + edited->deputy));
  return 0;
}

int sns_retire(const RegistryOptions& ro, const AccountArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto acc = r->find_account(a.key);
  if (!acc) {
    return fail(acc.error());
  }
  auto retired = r->retire_account(acc->id, a.reason);
  if (!retired) {
    return fail(retired.error());
  }
  done(tr("アカウントを廃止しました: ", "retired account ") + account_ref(*retired));
  return 0;
}

int sns_review(const RegistryOptions& ro, const AccountArgs& a) {
  auto date = parse_opt_date_option("--date", a.date);
  if (!date) {
    return fail(date.error());
  }
  auto last_post = parse_opt_date_option("--last-post", a.last_post);
  if (!last_post) {
    return fail(last_post.error());
  }
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto acc = r->find_account(a.key);
  if (!acc) {
    return fail(acc.error());
  }
  auto reviewed = r->review_account(acc->id, date->value_or(r->clock().today), *last_post);
  if (!reviewed) {
    return fail(reviewed.error());
  }
  done(tr("点検を記録しました: ", "recorded a review of ") + account_ref(*reviewed) + " (" +
       date_or_dash(reviewed->last_review) + ")");
  return 0;
}

int sns_list(const RegistryOptions& ro, const AccountArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto accounts = r->list_accounts(a.all ? reg::IncludeRetired::yes : reg::IncludeRetired::no);
  if (!accounts) {
    return fail(accounts.error());
  }
  auto names = vendor_names(*r);
  if (!names) {
    return fail(names.error());
  }
  if (a.format == "json") {
    Json items = Json::array();
    for (const auto& acc : *accounts) {
      Json j = reg::to_json(acc);
      j["operator"] = acc.operator_id ? Json((*names)[*acc.operator_id]) : Json(nullptr);
      items.push_back(std::move(j));
    }
    Json env;
    env["format_version"] = k_format_version;
    env["accounts"] = std::move(items);
    print_json(env);
    return 0;
  }
  if (a.format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "service", "handle", "url", "department", "owner", "deputy", "procedure",
                     "listed_at", "profile_names_body", "mfa", "operator", "purpose", "emergency",
                     "last_review", "last_post", "retired_at"});
    for (const auto& acc : *accounts) {
      text +=
          csv_row({std::to_string(acc.id), std::string(reg::name(acc.service)), acc.handle, acc.url,
                   acc.department, acc.owner, acc.deputy, acc.procedure_doc, acc.listed_at,
                   acc.profile_names_body ? "1" : "0", acc.mfa ? "1" : "0",
                   acc.operator_id ? (*names)[*acc.operator_id] : "", acc.purpose,
                   acc.emergency ? "1" : "0", acc.last_review ? reg::to_iso(*acc.last_review) : "",
                   acc.last_post ? reg::to_iso(*acc.last_post) : "", acc.retired_at.value_or("")});
    }
    out(text);
    return 0;
  }
  Table t({"ID", tr("アカウント", "ACCOUNT"), tr("所管課", "DEPARTMENT"), tr("責任者", "OWNER"),
           tr("副責任者", "DEPUTY"), "MFA", tr("運用委託先", "OPERATOR"),
           tr("最終点検", "REVIEWED")});
  for (const auto& acc : *accounts) {
    t.add({std::to_string(acc.id),
           reg::account_label(acc) + (acc.retired_at ? tr("（廃止）", " (retired)") : ""),
           acc.department, acc.owner, acc.deputy.empty() ? "-" : acc.deputy,
           acc.mfa ? tr("有", "on") : tr("無", "off"),
           acc.operator_id ? (*names)[*acc.operator_id] : "-", date_or_dash(acc.last_review)});
  }
  if (t.empty()) {
    if (!globals().quiet) {
      std::fprintf(stderr, "%s\n", tr("アカウントは登録されていません", "no accounts").c_str());
    }
    return 0;
  }
  out(t.render());
  return 0;
}

int sns_show(const RegistryOptions& ro, const AccountArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto acc = r->find_account(a.key);
  if (!acc) {
    return fail(acc.error());
  }
  auto problems = r->check_accounts();
  if (!problems) {
    return fail(problems.error());
  }
  std::vector<reg::SnsProblem> mine;
  for (const auto& p : *problems) {
    if (p.account_id == acc->id) {
      mine.push_back(p);
    }
  }
  std::optional<reg::Vendor> op;
  std::optional<reg::StatusInfo> op_status;
  if (acc->operator_id) {
    auto v = r->get_vendor(*acc->operator_id);
    auto s = r->vendor_status(*acc->operator_id);
    if (!v) {
      return fail(v.error());
    }
    if (!s) {
      return fail(s.error());
    }
    op = *v;
    op_status = *s;
  }
  if (a.format == "json") {
    Json j = reg::to_json(*acc);
    j["operator"] =
        op ? Json({{"id", op->id}, {"name", op->name}, {"status", reg::to_json(*op_status)}})
           : Json(nullptr);
    Json jp = Json::array();
    for (const auto& p : mine) {
      jp.push_back(reg::to_json(p));
    }
    j["problems"] = std::move(jp);
    Json env;
    env["format_version"] = k_format_version;
    env["account"] = std::move(j);
    print_json(env);
    return 0;
  }
  std::string text = account_ref(*acc) + "  " + acc->url + "\n";
  auto field = [&](const std::string& label, const std::string& value) {
    text += "  " + label + ": " + (value.empty() ? "-" : value) + "\n";
  };
  field(tr("サービス", "service"), reg::label(acc->service));
  field(tr("所管課", "department"), acc->department);
  field(tr("責任者", "owner"), acc->owner);
  field(tr("副責任者", "deputy"), acc->deputy);
  field(tr("運用手順", "procedure"), acc->procedure_doc);
  field(tr("公式サイトの掲載ページ", "listed at"), acc->listed_at);
  field(tr("プロフィールに団体名", "profile names the body"), yes_no(acc->profile_names_body));
  field(tr("多要素認証", "MFA"), yes_no(acc->mfa));
  field(tr("運用委託先", "operator"),
        op ? op->name + " (#" + std::to_string(op->id) + ") — " + reg::label(op_status->status)
           : std::string());
  field(tr("目的", "purpose"), acc->purpose);
  field(tr("緊急・防災情報", "emergency information"), yes_no(acc->emergency));
  field(tr("最終点検", "last review"), date_or_dash(acc->last_review));
  field(tr("最終投稿", "last post"), date_or_dash(acc->last_post));
  if (acc->retired_at) {
    field(tr("廃止", "retired"),
          *acc->retired_at + (acc->retire_reason.empty() ? "" : " — " + acc->retire_reason));
  }
  if (!mine.empty()) {
    text += tr("問題:\n", "problems:\n");
    for (const auto& p : mine) {
      text += "  " + p.message + " [" + p.rule_id + "]\n";
    }
  }
  show(text);
  return 0;
}

int sns_check(const RegistryOptions& ro, const AccountArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto problems = r->check_accounts();
  if (!problems) {
    return fail(problems.error());
  }
  if (a.format == "json") {
    Json items = Json::array();
    for (const auto& p : *problems) {
      items.push_back(reg::to_json(p));
    }
    Json env;
    env["format_version"] = k_format_version;
    env["today"] = reg::to_iso(r->clock().today);
    env["problems"] = std::move(items);
    print_json(env);
  } else if (a.format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"account_id", "account", "rule", "message"});
    for (const auto& p : *problems) {
      text += csv_row({std::to_string(p.account_id), p.account, p.rule_id, p.message});
    }
    out(text);
  } else {
    std::string text;
    for (const auto& p : *problems) {
      text += p.account + " (#" + std::to_string(p.account_id) + "): " + p.message + " [" +
              p.rule_id + "]\n";
    }
    show(text);
    if (problems->empty() && !globals().quiet) {
      std::fprintf(stderr, "%s\n",
                   tr("すべてのアカウントが SNS の台帳ルールを満たしています",
                      "every account meets the SNS registry rules")
                       .c_str());
    }
  }
  return problems->empty() ? 0 : 1;
}

// The public list of official accounts: service, account, URL, department. Japanese, since it
// is published on the body's own site.
std::string export_html(const std::vector<reg::Account>& accounts,
                        const std::string& title,
                        reg::Date today,
                        const std::string& anchor) {
  using str::html_escape;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Not shown on the page: which state of the registry the list was made from (docs/registry.md).
  h += "<meta name=\"keiyaku-history-head\" content=\"" + html_escape(anchor) + "\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>" + html_escape(title) + "</title>\n";
  h += "<style>\n"
       "body{font-family:sans-serif;margin:2em;line-height:1.6;color:#222}\n"
       "table{border-collapse:collapse;width:100%}\n"
       "th,td{border:1px solid #999;padding:.4em .6em;text-align:left;vertical-align:top}\n"
       "th{background:#eee}\n"
       "td.url{word-break:break-all}\n"
       "@media print{body{margin:0}a{color:inherit;text-decoration:none}}\n"
       "</style>\n</head>\n<body>\n";
  h += "<h1>" + html_escape(title) + "</h1>\n";
  h +=
      "<p>"
      "下記のアカウントが公式アカウントです。これ以外に公式を名乗るアカウントは当団体が運用するもの"
      "ではありません（なりすましにご注意ください）。</p>\n";
  h += "<p>" + html_escape(reg::to_wareki(today)) + "現在</p>\n";
  h += "<table>\n<thead><tr><th>サービス</th><th>アカウント</th><th>URL</th><th>所管課</th></tr>"
       "</thead>\n<tbody>\n";
  for (const auto& a : accounts) {
    const std::string handle = reg::account_label(a).substr(reg::name(a.service).size() + 1);
    h += "<tr><td>" + html_escape(reg::label(a.service)) + "</td><td>" + html_escape(handle) +
         "</td><td class=\"url\">";
    // Linked only when it is https on the service's own domains (an older entry may not be).
    if (reg::check_account_url(a.service, a.url)) {
      h += "<a href=\"" + html_escape(a.url) + "\" rel=\"noopener\">" + html_escape(a.url) + "</a>";
    } else {
      h += html_escape(a.url);
    }
    h += "</td><td>" + html_escape(a.department) + "</td></tr>\n";
  }
  h += "</tbody>\n</table>\n</body>\n</html>\n";
  return h;
}

int sns_export(const RegistryOptions& ro, const AccountArgs& a) {
  if (auto f = output_format(a.format, a.output, {"html", "csv"}, a.format); !f) {
    return fail(f.error());
  }
  if (auto st = file::refuse_overlap({a.output}, registry_files(resolve_db_path(ro.db))); !st) {
    return fail(st.error());
  }
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto accounts = r->list_accounts(reg::IncludeRetired::no);
  if (!accounts) {
    return fail(accounts.error());
  }
  std::string data;
  if (a.format == "html") {
    const std::string title = a.title.empty() ? "公式ソーシャルメディアアカウント一覧" : a.title;
    auto head = r->head();
    if (!head) {
      return fail(head.error());
    }
    data = export_html(*accounts, title, r->clock().today, reg::format_anchor(*head));
  } else {
    data = std::string(k_csv_bom);
    data += csv_row({"サービス", "アカウント", "URL", "所管課"});
    for (const auto& acc : *accounts) {
      // Without the '@': a cell starting with '@' would be neutralised with an apostrophe.
      const std::string handle = reg::handle_key(reg::Service::line, acc.handle);
      data += csv_row({reg::label(acc.service), handle, acc.url, acc.department});
    }
  }
  if (auto s = write_output(a.output, data); !s) {
    return fail(s.error());
  }
  if (auto s = note_anchor(*r); !s) {
    return fail(s.error());
  }
  return 0;
}

void add_account_options(CLI::App& cmd, AccountArgs& a, bool edit) {
  cmd.add_option("--handle", a.handle,
                 tr("アカウント名（@は省略可）", "handle (with or without @)"));
  auto* url =
      cmd.add_option("--url", a.url,
                     edit ? tr("アカウントのURL", "URL of the account")
                          : tr("アカウントのURL（必須。例: https://x.com/city_koho）",
                               "URL of the account (required; e.g. https://x.com/city_koho)"));
  if (!edit) {
    url->required();
  }
  cmd.add_option("--department", a.department, tr("所管課", "department that runs it"));
  cmd.add_option("--owner", a.owner, tr("責任者（必須）", "owner, 責任者 (required)"));
  cmd.add_option("--deputy", a.deputy, tr("副責任者", "deputy"));
  cmd.add_option("--procedure", a.procedure,
                 tr("運用手順（運用方針）の文書", "operating procedure document"));
  cmd.add_option("--listed-at", a.listed_at,
                 tr("このアカウントを掲載している公式サイトのページ（なりすまし対策）",
                    "page of the body's own site that lists the account"));
  a.profile_yes =
      cmd.add_flag("--profile-names-body")
          ->description(tr("プロフィールに運用団体名を明記している", "the profile names the body"));
  a.mfa_yes = cmd.add_flag("--mfa")->description(
      tr("多要素認証が有効", "multi-factor authentication is on"));
  cmd.add_option("--operator", a.operator_vendor,
                 tr("運用を委託している事業者", "vendor that operates it"));
  cmd.add_option("--purpose", a.purpose, tr("目的", "purpose"));
  a.emergency_yes =
      cmd.add_flag("--emergency")
          ->description(tr("緊急・防災情報の発信に使う", "used for emergency (防災) information"));
  cmd.add_option("--last-post", a.last_post,
                 tr("最終投稿日（休眠の判定）", "date of the last post"));
  if (edit) {
    a.profile_no =
        cmd.add_flag("--no-profile-names-body")
            ->description(tr("プロフィールに団体名がない", "the profile does not name the body"));
    a.mfa_no = cmd.add_flag("--no-mfa")
                   ->description(tr("多要素認証が無効", "multi-factor authentication is off"));
    a.emergency_no = cmd.add_flag("--no-emergency")
                         ->description(tr("緊急情報に使わない", "not used for emergencies"));
    a.operator_no =
        cmd.add_flag("--no-operator")->description(tr("運用委託をやめた", "no longer outsourced"));
    a.profile_yes->excludes(a.profile_no);
    a.mfa_yes->excludes(a.mfa_no);
    a.emergency_yes->excludes(a.emergency_no);
  }
}

}  // namespace

int cmd_sns(const Args& args) {
  CLI::App app(tr("公式SNSアカウントの台帳・点検・公開用一覧",
                  "official social-media accounts: ledger, checks, public list"),
               "keiyaku sns");
  app.fallthrough();
  app.require_subcommand(1);
  RegistryOptions ro;
  add_registry_options(app, ro);
  app.footer(tr("アカウントは ID、service:handle、または handle で指定します。",
                "name an account by id, service:handle, or handle."));
  int rc = 0;
  AccountArgs aa;
  const std::vector<std::string_view> service_views = reg::service_names();
  const std::vector<std::string> services(service_views.begin(), service_views.end());

  auto* add = app.add_subcommand("add", tr("アカウントを登録する", "add an account"));
  // add and edit each get their own arguments: the flag options are remembered per subcommand.
  AccountArgs add_args;
  add->add_option("--service", add_args.service, str::join(services, "|"))
      ->required()
      ->transform(value_names("service", services))
      ->check(CLI::IsMember(services));
  add_account_options(*add, add_args, false);
  add->callback([&] { rc = sns_add(ro, add_args); });

  auto* list = app.add_subcommand("list", tr("アカウントの一覧", "list accounts"));
  list->add_flag("--all", aa.all, tr("廃止したアカウントも含める", "include retired accounts"));
  add_format_option(*list, aa.format, {"text", "json", "csv"});
  list->callback([&] { rc = sns_list(ro, aa); });

  auto* show =
      app.add_subcommand("show", tr("アカウントの詳細と問題", "one account and its problems"));
  show->add_option("account", aa.key, tr("アカウント", "account"))->required();
  add_format_option(*show, aa.format, {"text", "json"});
  show->callback([&] { rc = sns_show(ro, aa); });

  auto* edit = app.add_subcommand("edit", tr("アカウントを変更する", "change an account"));
  AccountArgs edit_args;
  edit->add_option("account", edit_args.key, tr("アカウント", "account"))->required();
  add_account_options(*edit, edit_args, true);
  edit->callback([&] { rc = sns_edit(ro, edit_args); });

  auto* set_owner =
      app.add_subcommand("set-owner", tr("責任者を設定・確認する（所管課の変更後など）",
                                         "set or confirm the owner (after a department change)"));
  set_owner->add_option("account", aa.key, tr("アカウント", "account"))->required();
  set_owner->add_option("owner", aa.owner, tr("責任者", "owner"))->required();
  set_owner->add_option("--deputy", aa.deputy, tr("副責任者", "deputy"));
  set_owner->callback([&] { rc = sns_set_owner(ro, aa); });

  auto* retire = app.add_subcommand("retire", tr("アカウントを廃止する", "retire an account"));
  retire->add_option("account", aa.key, tr("アカウント", "account"))->required();
  retire->add_option("--reason", aa.reason, tr("理由", "reason"));
  retire->callback([&] { rc = sns_retire(ro, aa); });

  auto* review = app.add_subcommand("review", tr("点検日を記録する", "record a review"));
  review->add_option("account", aa.key, tr("アカウント", "account"))->required();
  review->add_option("--date", aa.date, tr("点検日（既定: 今日）", "review date (default: today)"));
  review->add_option("--last-post", aa.last_post, tr("最終投稿日", "date of the last post"));
  review->callback([&] { rc = sns_review(ro, aa); });

  auto* check = app.add_subcommand(
      "check",
      tr("SNS の台帳ルール（SNS-01〜08）に反するアカウントを表示（該当があれば終了コード1）",
         "accounts that break an SNS registry rule (exit 1 when any)"));
  add_format_option(*check, aa.format, {"text", "json", "csv"});
  check->callback([&] { rc = sns_check(ro, aa); });

  auto* exp = app.add_subcommand("export", tr("公式アカウント一覧（なりすまし対策の公開用）",
                                              "the public list of official accounts"));
  exp->add_option("--format", aa.format, "html|csv")
      ->required()
      ->check(CLI::IsMember({"html", "csv"}));
  exp->add_option("-o,--output", aa.output,
                  tr("出力先（既定: 標準出力）", "output file (default: stdout)"));
  exp->add_option("--title", aa.title,
                  tr("見出し（例: ○○市 公式SNSアカウント一覧）", "page title"));
  exp->callback([&] { rc = sns_export(ro, aa); });

  if (const int r = parse(app, args); r >= 0) {
    return r;
  }
  return rc;
}

}  // namespace keiyaku::cli
