#include "registry.hpp"

#include "corporate_number.hpp"
#include "db.hpp"
#include "history.hpp"
#include "json.hpp"
#include "sns_rules.hpp"
#include "status.hpp"

#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace keiyaku::registry {

namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const Migration k_migrations[] = {
#include "registry/schema_migrations.inc"
};

// --- Column lists and row readers ---

constexpr const char* k_vendor_cols =
    "id, name, corporate_number, address, contact, created_at, updated_at";
constexpr const char* k_cert_cols =
    "id, vendor_id, kind, number, scope, issuer, valid_from, valid_to, audit_end, created_at";
constexpr const char* k_verif_cols =
    "id, vendor_id, verified_on, method, result, evidence_path, evidence_sha256, note, next_due, "
    "verified_by, created_at";
constexpr const char* k_contract_cols = "id, path, sha256, title, vendor_id, created_at";
constexpr const char* k_sub_cols =
    "id, vendor_id, subcontractor_id, contract_id, contract_ref, approved_on, approval_doc, "
    "created_at";
constexpr const char* k_account_cols =
    "id, service, handle, url, department, owner, owner_department, deputy, procedure_doc, "
    "listed_at, profile_names_body, mfa, operator_id, purpose, emergency, last_review, last_post, "
    "created_at, updated_at, retired_at, retire_reason";
constexpr const char* k_waiver_cols =
    "id, contract_id, contract_ref, requirement_id, reason, approver, until, created_at, "
    "created_by";

Date read_date(const Statement& st, int i) {
  auto d = parse_date(st.column_text(i));
  return d ? *d : Date{};
}

std::optional<Date> read_opt_date(const Statement& st, int i) {
  if (st.column_is_null(i)) {
    return std::nullopt;
  }
  return read_date(st, i);
}

std::optional<std::string> opt_iso(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(to_iso(*d)) : std::nullopt;
}

Vendor read_vendor(const Statement& st) {
  Vendor v;
  v.id = st.column_int(0);
  v.name = st.column_text(1);
  v.corporate_number = st.column_opt_text(2);
  v.address = st.column_text(3);
  v.contact = st.column_text(4);
  v.created_at = st.column_text(5);
  v.updated_at = st.column_text(6);
  return v;
}

Certificate read_cert(const Statement& st) {
  Certificate c;
  c.id = st.column_int(0);
  c.vendor_id = st.column_int(1);
  c.kind = parse_cert_kind(st.column_text(2)).value_or(CertKind::other);
  c.number = st.column_text(3);
  c.scope = st.column_text(4);
  c.issuer = st.column_text(5);
  c.valid_from = read_date(st, 6);
  c.valid_to = read_date(st, 7);
  c.audit_end = read_opt_date(st, 8);
  c.created_at = st.column_text(9);
  return c;
}

Verification read_verif(const Statement& st) {
  Verification v;
  v.id = st.column_int(0);
  v.vendor_id = st.column_int(1);
  v.verified_on = read_date(st, 2);
  v.method = parse_verify_method(st.column_text(3)).value_or(VerifyMethod::other);
  v.result = parse_verify_result(st.column_text(4)).value_or(VerifyResult::failed);
  v.evidence_path = st.column_opt_text(5);
  v.evidence_sha256 = st.column_opt_text(6);
  v.note = st.column_text(7);
  v.next_due = read_opt_date(st, 8);
  v.verified_by = st.column_text(9);
  v.created_at = st.column_text(10);
  return v;
}

Contract read_contract(const Statement& st) {
  Contract c;
  c.id = st.column_int(0);
  c.path = st.column_text(1);
  c.sha256 = st.column_text(2);
  c.title = st.column_text(3);
  c.vendor_id = st.column_opt_int(4);
  c.created_at = st.column_text(5);
  return c;
}

Subcontract read_sub(const Statement& st) {
  Subcontract s;
  s.id = st.column_int(0);
  s.vendor_id = st.column_int(1);
  s.subcontractor_id = st.column_int(2);
  s.contract.id = st.column_opt_int(3);
  s.contract.text = st.column_text(4);
  s.approved_on = read_opt_date(st, 5);
  s.approval_doc = st.column_text(6);
  s.created_at = st.column_text(7);
  return s;
}

Account read_account(const Statement& st) {
  Account a;
  a.id = st.column_int(0);
  a.service = parse_service(st.column_text(1)).value_or(Service::other);
  a.handle = st.column_text(2);
  a.url = st.column_text(3);
  a.department = st.column_text(4);
  a.owner = st.column_text(5);
  a.owner_department = st.column_text(6);
  a.deputy = st.column_text(7);
  a.procedure_doc = st.column_text(8);
  a.listed_at = st.column_text(9);
  a.profile_names_body = st.column_int(10) != 0;
  a.mfa = st.column_int(11) != 0;
  a.operator_id = st.column_opt_int(12);
  a.purpose = st.column_text(13);
  a.emergency = st.column_int(14) != 0;
  a.last_review = read_opt_date(st, 15);
  a.last_post = read_opt_date(st, 16);
  a.created_at = st.column_text(17);
  a.updated_at = st.column_text(18);
  a.retired_at = st.column_opt_text(19);
  a.retire_reason = st.column_text(20);
  return a;
}

Waiver read_waiver(const Statement& st) {
  Waiver w;
  w.id = st.column_int(0);
  w.contract.id = st.column_opt_int(1);
  w.contract.text = st.column_text(2);
  w.requirement_id = st.column_text(3);
  w.reason = st.column_text(4);
  w.approver = st.column_text(5);
  w.until = read_date(st, 6);
  w.created_at = st.column_text(7);
  w.created_by = st.column_text(8);
  return w;
}

template <typename T, typename Read>
Expected<std::vector<T>> collect(Expected<Statement>& st, Read read) {
  if (!st) {
    return st.error();
  }
  std::vector<T> out;
  const Status done = st->each_row([&](const Statement& s) { out.push_back(read(s)); });
  if (!done) {
    return done.error();
  }
  return out;
}

template <typename T, typename Read>
Expected<std::optional<T>> first(Expected<Statement>& st, Read read) {
  if (!st) {
    return st.error();
  }
  auto r = st->step();
  if (!r) {
    return r.error();
  }
  if (!*r) {
    return std::optional<T>();
  }
  return std::optional<T>(read(*st));
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trimmed(std::string_view s) {
  return std::string(str::trim(s));
}

Error invalid(std::string message) {
  return Error(ErrorCode::invalid_input, std::move(message));
}

std::string in_quotes(std::string_view s) {
  return "'" + std::string(s) + "'";
}

std::string did_you_mean(std::string_view key, const std::vector<std::string>& names) {
  std::string best;
  size_t best_d = std::max<size_t>(3, str::cp_count(key) / 3 + 1);
  for (const std::string& n : names) {
    if (!key.empty() && str::contains(n, key)) {
      return n;
    }
    const size_t d = str::edit_distance(key, n);
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  return best;
}

std::string suggest(std::string_view key, const std::vector<std::string>& names) {
  const std::string guess = did_you_mean(key, names);
  if (guess.empty()) {
    return {};
  }
  return tr("（もしかして: ", " (did you mean '") + guess + tr("）", "'?)");
}

bool is_http_url(std::string_view s) {
  const std::string lower = str::to_lower_ascii(s.substr(0, 8));
  return (str::starts_with(lower, "https://") && s.size() > 8) ||
         (str::starts_with(lower, "http://") && s.size() > 7);
}

Expected<std::string> file_sha256(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return Error(ErrorCode::io,
                 path + ": " + tr("開けません: ", "cannot open: ") + std::strerror(errno));
  }
  Sha256 h;
  std::string buf(1 << 16, '\0');
  while (f) {
    f.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = f.gcount();
    if (n > 0) {
      h.update(std::string_view(buf.data(), static_cast<size_t>(n)));
    }
  }
  if (f.bad()) {
    return Error(ErrorCode::io, path + ": " + tr("読めません", "read error"));
  }
  return h.hex_digest();
}

std::optional<std::string> dump(const Json& j) {
  return j.dump();
}

}  // namespace

std::string handle_key(Service service, std::string_view handle, IdentifierFold fold) {
  const bool case_fold =
      service != Service::line && service != Service::note && service != Service::other;
  std::string h = trimmed(handle);
  if (fold != nullptr) {
    h = fold(h, case_fold);
  } else if (case_fold) {
    h = str::to_lower_ascii(h);
  }
  if (str::starts_with(h, "@")) {
    h.erase(0, 1);
  } else if (str::starts_with(h, "＠")) {
    h.erase(0, std::string_view("＠").size());
  }
  return h;
}

namespace {

// service<TAB>domain domain…, embedded from sns_domains.tsv at build time.
constexpr std::string_view k_sns_domains =
#include "registry/sns_domains.inc"
    ;

}  // namespace

std::vector<std::string> service_domains(Service service) {
  std::vector<std::string> out;
  for (std::string_view line : str::split(k_sns_domains, '\n')) {
    line = str::trim(line);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || parse_service(line.substr(0, tab)) != service) {
      continue;
    }
    for (std::string_view d : str::split(line.substr(tab + 1), ' ')) {
      if (!str::trim(d).empty()) {
        out.emplace_back(str::trim(d));
      }
    }
  }
  return out;
}

Status check_account_url(Service service, std::string_view url) {
  const std::vector<std::string> domains = service_domains(service);
  auto refuse = [&]() -> Status {
    std::string expected = tr("https:// で始まる URL", "an https:// URL");
    if (!domains.empty()) {
      expected = tr("https:// で ", "https:// on ") + str::join(domains, tr("・", ", ")) +
                 tr(" の URL", "");
    }
    return invalid(tr("アカウントの URL は ", "the account's URL must be ") + expected +
                   tr(" にしてください: ", ": ") + in_quotes(url));
  };
  url = str::trim(url);
  const std::string lower = str::to_lower_ascii(url);
  if (!str::starts_with(lower, "https://")) {
    return refuse();
  }
  const std::string_view rest = std::string_view(lower).substr(8);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty() || host.find('@') != std::string_view::npos ||
      host.find('\\') != std::string_view::npos) {
    return refuse();
  }
  if (const size_t colon = host.find(':'); colon != std::string_view::npos) {
    if (host.substr(colon + 1) != "443") {
      return refuse();
    }
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') {
    host.remove_suffix(1);
  }
  if (host.empty()) {
    return refuse();
  }
  if (domains.empty()) {
    return {};
  }
  for (const std::string& d : domains) {
    if (host == d || (host.size() > d.size() && str::ends_with(host, d) &&
                      host[host.size() - d.size() - 1] == '.')) {
      return {};
    }
  }
  return refuse();
}

Status validate_vendor(const Vendor& v) {
  if (str::trim(v.name).empty()) {
    return invalid(tr("事業者名（--name）が空です", "the vendor name (--name) is empty"));
  }
  if (v.corporate_number && !str::trim(*v.corporate_number).empty()) {
    if (auto cn = parse_corporate_number(*v.corporate_number); !cn) {
      return cn.error();
    }
  }
  return {};
}

Status validate_account(const Account& a) {
  if (str::trim(a.owner).empty()) {
    return invalid(tr("責任者のないアカウントは登録できません（--owner）",
                      "an account must have an owner (--owner)"));
  }
  if (handle_key(a.service, a.handle).empty()) {
    return invalid(tr("アカウント名（--handle）が空です", "the handle (--handle) is empty"));
  }
  if (auto r = check_account_url(a.service, a.url); !r) {
    return r;
  }
  if (str::trim(a.department).empty()) {
    return invalid(tr("所管課（--department）が空です", "the department (--department) is empty"));
  }
  return {};
}

// --- Impl ---

struct Registry::Impl {
  Db db;
  OpenOptions opts;

  Impl(Db d, OpenOptions o) : db(std::move(d)), opts(std::move(o)) {}

  const std::string& now() const { return opts.clock.timestamp; }
  Date today() const { return opts.clock.today; }

  Status log(const std::string& entity,
             int64_t id,
             const std::string& action,
             const std::optional<std::string>& before,
             const std::optional<std::string>& after) {
    return append_history(db, now(), opts.by, entity, id, action, before, after);
  }

  // Runs f inside one write transaction: committed when f succeeds, rolled back otherwise.
  template <typename F>
  auto write(F&& f) -> decltype(f()) {
    auto tx = Transaction::begin(db);
    if (!tx) {
      return tx.error();
    }
    auto r = f();
    if (!r) {
      return r;
    }
    if (auto c = tx->commit(); !c) {
      return c.error();
    }
    return r;
  }

  Expected<int> user_version() {
    auto v = db.query_int("PRAGMA user_version");
    if (!v) {
      return v.error();
    }
    return static_cast<int>(*v);
  }

  Expected<std::optional<Vendor>> vendor_by_id(int64_t id) {
    auto st = db.prepare(std::string("SELECT ") + k_vendor_cols + " FROM vendors WHERE id = ?");
    if (st) {
      st->bind(1, id);
    }
    return first<Vendor>(st, read_vendor);
  }

  Expected<Vendor> vendor(int64_t id) {
    auto v = vendor_by_id(id);
    if (!v) {
      return v.error();
    }
    if (!*v) {
      return Error(ErrorCode::not_found,
                   tr("不明な事業者です: #", "unknown vendor: #") + std::to_string(id));
    }
    return **v;
  }

  Expected<std::vector<Vendor>> vendors() {
    auto st =
        db.prepare(std::string("SELECT ") + k_vendor_cols + " FROM vendors ORDER BY name, id");
    return collect<Vendor>(st, read_vendor);
  }

  Expected<std::vector<Certificate>> certificates(std::optional<int64_t> vendor_id) {
    std::string sql = std::string("SELECT ") + k_cert_cols + " FROM certificates";
    if (vendor_id) {
      sql += " WHERE vendor_id = ?";
    }
    sql += " ORDER BY vendor_id, valid_to, id";
    auto st = db.prepare(sql);
    if (st && vendor_id) {
      st->bind(1, *vendor_id);
    }
    return collect<Certificate>(st, read_cert);
  }

  Expected<std::vector<Verification>> verifications(std::optional<int64_t> vendor_id) {
    std::string sql = std::string("SELECT ") + k_verif_cols + " FROM verifications";
    if (vendor_id) {
      sql += " WHERE vendor_id = ?";
    }
    sql += " ORDER BY vendor_id, verified_on, id";
    auto st = db.prepare(sql);
    if (st && vendor_id) {
      st->bind(1, *vendor_id);
    }
    return collect<Verification>(st, read_verif);
  }

  Expected<StatusInfo> status(int64_t vendor_id) {
    auto certs = certificates(vendor_id);
    if (!certs) {
      return certs.error();
    }
    auto verifs = verifications(vendor_id);
    if (!verifs) {
      return verifs.error();
    }
    return derive_status(*certs, *verifs, today());
  }

  // Name and 法人番号 must be unique; `self` is the vendor being edited.
  Status check_vendor_unique(const Vendor& v, int64_t self) {
    auto st = db.prepare("SELECT id, name FROM vendors WHERE name = ? AND id <> ?");
    if (!st) {
      return st.error();
    }
    st->bind(1, v.name).bind(2, self);
    auto r = st->step();
    if (!r) {
      return r.error();
    }
    if (*r) {
      return Error(ErrorCode::conflict, tr("同じ名前の事業者が既に登録されています: ",
                                           "a vendor with this name already exists: ") +
                                            in_quotes(v.name) + " (#" +
                                            std::to_string(st->column_int(0)) + ")");
    }
    if (v.corporate_number) {
      auto c = db.prepare("SELECT id, name FROM vendors WHERE corporate_number = ? AND id <> ?");
      if (!c) {
        return c.error();
      }
      c->bind(1, *v.corporate_number).bind(2, self);
      auto cr = c->step();
      if (!cr) {
        return cr.error();
      }
      if (*cr) {
        return Error(ErrorCode::conflict,
                     tr("法人番号 ", "法人番号 ") + *v.corporate_number +
                         tr(" は既に登録されています: ", " is already registered to ") +
                         in_quotes(c->column_text(1)) + " (#" + std::to_string(c->column_int(0)) +
                         ")");
      }
    }
    return {};
  }

  Expected<std::optional<Account>> account_by_id(int64_t id) {
    auto st = db.prepare(std::string("SELECT ") + k_account_cols + " FROM accounts WHERE id = ?");
    if (st) {
      st->bind(1, id);
    }
    return first<Account>(st, read_account);
  }

  Expected<Account> account(int64_t id) {
    auto a = account_by_id(id);
    if (!a) {
      return a.error();
    }
    if (!*a) {
      return Error(ErrorCode::not_found,
                   tr("不明なアカウントです: #", "unknown account: #") + std::to_string(id));
    }
    return **a;
  }

  Expected<std::vector<Account>> accounts(IncludeRetired retired) {
    std::string sql = std::string("SELECT ") + k_account_cols + " FROM accounts";
    if (retired == IncludeRetired::no) {
      sql += " WHERE retired_at IS NULL";
    }
    sql += " ORDER BY service, handle_key, id";
    auto st = db.prepare(sql);
    return collect<Account>(st, read_account);
  }

  bool user_version_is_current() {
    auto v = user_version();
    return v && *v == latest_schema_version();
  }

  // Brings the stored handle keys of live accounts up to opts.fold (keys written by an older
  // keiyaku compared ASCII case only). Writes only when a key differs; a key that would now
  // collide with another live account stays as it is, for `sns check` and people to resolve.
  Status rekey_accounts() {
    auto st =
        db.prepare("SELECT id, service, handle, handle_key FROM accounts WHERE retired_at IS NULL");
    if (!st) {
      return st.error();
    }
    std::vector<std::pair<int64_t, std::string>> changes;
    for (;;) {
      auto row = st->step();
      if (!row) {
        return row.error();
      }
      if (!*row) {
        break;
      }
      const auto service = parse_service(st->column_text(1));
      if (!service) {
        continue;
      }
      std::string key = handle_key(*service, st->column_text(2), opts.fold);
      if (key != st->column_text(3)) {
        changes.emplace_back(st->column_int(0), std::move(key));
      }
    }
    if (changes.empty()) {
      return {};
    }
    auto tx = Transaction::begin(db);
    if (!tx) {
      return tx.error();
    }
    for (const auto& [id, key] : changes) {
      auto up = db.prepare("UPDATE OR IGNORE accounts SET handle_key = ? WHERE id = ?");
      if (!up) {
        return up.error();
      }
      up->bind(1, key).bind(2, id);
      if (auto r = up->run(); !r) {
        return r.error();
      }
    }
    return tx->commit();
  }

  // Validates an account record as it will be stored.
  Status check_account(const Account& a, int64_t self) {
    if (auto r = validate_account(a); !r) {
      return r;
    }
    if (a.operator_id) {
      auto v = vendor(*a.operator_id);
      if (!v) {
        return v.error();
      }
    }
    auto st = db.prepare(
        "SELECT id FROM accounts WHERE service = ? AND handle_key = ? AND retired_at IS NULL AND "
        "id <> ?");
    if (!st) {
      return st.error();
    }
    st->bind(1, name(a.service)).bind(2, handle_key(a.service, a.handle, opts.fold)).bind(3, self);
    auto r = st->step();
    if (!r) {
      return r.error();
    }
    if (*r) {
      return Error(ErrorCode::conflict,
                   tr("同じアカウントが既に登録されています: ", "duplicate handle: ") +
                       account_label(a) + tr("（#", " is already account #") +
                       std::to_string(st->column_int(0)) + tr("）", ""));
    }
    return {};
  }

  Status update_account(const Account& a) {
    auto st = db.prepare(
        "UPDATE accounts SET handle = ?, handle_key = ?, url = ?, department = ?, owner = ?, "
        "owner_department = ?, deputy = ?, procedure_doc = ?, listed_at = ?, "
        "profile_names_body = ?, mfa = ?, operator_id = ?, purpose = ?, emergency = ?, "
        "last_review = ?, last_post = ?, updated_at = ?, retired_at = ?, retire_reason = ? "
        "WHERE id = ?");
    if (!st) {
      return st.error();
    }
    st->bind(1, a.handle).bind(2, handle_key(a.service, a.handle, opts.fold)).bind(3, a.url);
    st->bind(4, a.department).bind(5, a.owner).bind(6, a.owner_department).bind(7, a.deputy);
    st->bind(8, a.procedure_doc).bind(9, a.listed_at).bind(10, a.profile_names_body);
    st->bind(11, a.mfa).bind(12, a.operator_id).bind(13, a.purpose).bind(14, a.emergency);
    st->bind(15, opt_iso(a.last_review)).bind(16, opt_iso(a.last_post)).bind(17, a.updated_at);
    st->bind(18, a.retired_at).bind(19, a.retire_reason).bind(20, a.id);
    return st->run();
  }

  // Replaces an account with `after`, logging the change under `action`.
  Expected<Account> change_account(const Account& before,
                                   Account after,
                                   const std::string& action) {
    after.updated_at = now();
    return write([&]() -> Expected<Account> {
      // Checked under the write lock, so that no other writer takes the handle meanwhile.
      if (auto r = check_account(after, after.id); !r) {
        return r.error();
      }
      if (auto r = update_account(after); !r) {
        return r.error();
      }
      if (auto r = log("account", after.id, action, dump(to_json(before)), dump(to_json(after)));
          !r) {
        return r.error();
      }
      return after;
    });
  }

  Expected<std::optional<Contract>> contract_by_id(int64_t id) {
    auto st = db.prepare(std::string("SELECT ") + k_contract_cols + " FROM contracts WHERE id = ?");
    if (st) {
      st->bind(1, id);
    }
    return first<Contract>(st, read_contract);
  }

  Expected<std::vector<Subcontract>> subcontracts() {
    auto st = db.prepare(std::string("SELECT ") + k_sub_cols +
                         " FROM subcontracts ORDER BY contract_ref, vendor_id, id");
    return collect<Subcontract>(st, read_sub);
  }
};

Registry::Registry(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Registry::Registry(Registry&& other) noexcept = default;
Registry& Registry::operator=(Registry&& other) noexcept = default;
Registry::~Registry() = default;

Db& Registry::db() {
  return m_impl->db;
}

Status Registry::all_or_nothing(const std::function<Status()>& f) {
  return m_impl->write([&]() -> Status { return f(); });
}

const Clock& Registry::clock() const {
  return m_impl->opts.clock;
}
const std::string& Registry::by() const {
  return m_impl->opts.by;
}
const std::string& Registry::path() const {
  return m_impl->opts.path;
}

int Registry::latest_schema_version() {
  return k_migrations[std::size(k_migrations) - 1].version;
}

Expected<Registry> Registry::open(const OpenOptions& options) {
  const bool memory = options.path == ":memory:" || options.path.empty();
  if (!memory && options.mode == OpenMode::must_exist) {
    std::error_code ec;
    if (!std::filesystem::exists(options.path, ec)) {
      return Error(ErrorCode::not_found,
                   options.path + ": " +
                       tr("台帳データベースがありません（--db か KEIYAKU_DB で指定してください）",
                          "no registry here (give --db PATH or set KEIYAKU_DB)"));
    }
  }
  auto db = Db::open(memory ? ":memory:" : options.path,
                     options.mode == OpenMode::must_exist && !memory ? DbOpen::read_write
                                                                     : DbOpen::read_write_create);
  if (!db) {
    return db.error();
  }
  db->set_busy_timeout(options.busy_timeout_ms);
  auto impl = std::make_unique<Impl>(std::move(*db), options);
  Impl& m = *impl;

  // The version and the tables in one statement, so one snapshot: read separately, another
  // process migrating a new file in between would make it look like someone else's database.
  int version = 0;
  int64_t tables = 0;
  {
    auto probe = m.db.prepare(
        "SELECT (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\')");
    if (!probe) {
      return Error(ErrorCode::database,
                   options.path + ": " +
                       tr("SQLite の台帳データベースではありません: ", "not a SQLite registry: ") +
                       probe.error().message);
    }
    auto row = probe->step();
    if (!row || !*row) {
      return Error(ErrorCode::database,
                   options.path + ": " +
                       tr("SQLite の台帳データベースではありません: ", "not a SQLite registry: ") +
                       (row ? std::string() : row.error().message));
    }
    version = static_cast<int>(probe->column_int(0));
    tables = probe->column_int(1);
  }
  if (version > latest_schema_version()) {
    return Error(ErrorCode::unsupported,
                 options.path + ": " + tr("台帳のスキーマ版 ", "the registry has schema version ") +
                     std::to_string(version) +
                     tr(" はこの keiyaku（版 ", ", newer than this keiyaku understands (") +
                     std::to_string(latest_schema_version()) +
                     tr("）より新しいため開けません。新しい keiyaku を使ってください",
                        "): use a newer keiyaku"));
  }
  if (version == 0 && tables > 0) {
    return Error(ErrorCode::database, options.path + ": " +
                                          tr("keiyaku の台帳ではない SQLite ファイルです",
                                             "a SQLite file that is not a keiyaku registry"));
  }
  // WAL: readers never block the writer and a killed writer leaves the last commit intact.
  if (!memory) {
    auto mode = m.db.query_text("PRAGMA journal_mode = WAL");
    if (!mode) {
      return mode.error();
    }
  }
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"}) {
    if (auto r = m.db.exec(pragma); !r) {
      return r.error();
    }
  }
  Registry reg(std::move(impl));
  if (options.migrate == AutoMigrate::yes && version < latest_schema_version()) {
    auto r = reg.migrate();
    if (!r) {
      return r.error();
    }
  }
  if (options.fold != nullptr && reg.m_impl->user_version_is_current()) {
    if (auto r = reg.m_impl->rekey_accounts(); !r) {
      return r.error();
    }
  }
  return reg;
}

Expected<int> Registry::schema_version() {
  return m_impl->user_version();
}

Expected<MigrationResult> Registry::migrate() {
  Impl& m = *m_impl;
  auto from = m.user_version();
  if (!from) {
    return from.error();
  }
  MigrationResult result{*from, *from};
  for (const Migration& mig : k_migrations) {
    auto tx = Transaction::begin(m.db);
    if (!tx) {
      return tx.error();
    }
    // Read again under the write lock: another process may have migrated meanwhile.
    auto current = m.user_version();
    if (!current) {
      return current.error();
    }
    if (*current >= mig.version) {
      result.to = *current;
      continue;
    }
    if (auto r = m.db.exec_script(mig.sql); !r) {
      return Error(r.error().code, std::string("schema ") + mig.name + ": " + r.error().message);
    }
    if (auto r = m.db.exec("PRAGMA user_version = " + std::to_string(mig.version)); !r) {
      return r.error();
    }
    if (auto r = tx->commit(); !r) {
      return r.error();
    }
    result.to = mig.version;
  }
  return result;
}

// --- Vendors ---

Expected<Vendor> Registry::add_vendor(const Vendor& input) {
  Impl& m = *m_impl;
  Vendor v = input;
  v.name = trimmed(v.name);
  if (auto r = validate_vendor(v); !r) {
    return r.error();
  }
  if (v.corporate_number && str::trim(*v.corporate_number).empty()) {
    v.corporate_number.reset();
  }
  if (v.corporate_number) {
    auto cn = parse_corporate_number(*v.corporate_number);
    if (!cn) {
      return cn.error();
    }
    v.corporate_number = *cn;
  }
  v.created_at = m.now();
  v.updated_at = m.now();
  return m.write([&]() -> Expected<Vendor> {
    if (auto r = m.check_vendor_unique(v, 0); !r) {
      return r.error();
    }
    auto st = m.db.prepare(
        "INSERT INTO vendors (name, corporate_number, address, contact, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, v.name).bind(2, v.corporate_number).bind(3, v.address).bind(4, v.contact);
    st->bind(5, v.created_at).bind(6, v.updated_at);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    v.id = m.db.last_insert_rowid();
    if (auto r = m.log("vendor", v.id, "add", std::nullopt, dump(to_json(v))); !r) {
      return r.error();
    }
    return v;
  });
}

Expected<Vendor> Registry::edit_vendor(int64_t id, const VendorPatch& patch) {
  Impl& m = *m_impl;
  return m.write([&]() -> Expected<Vendor> {
    auto before = m.vendor(id);
    if (!before) {
      return before.error();
    }
    Vendor v = *before;
    if (patch.name) {
      v.name = trimmed(*patch.name);
      if (v.name.empty()) {
        return invalid(tr("事業者名（--name）が空です", "the vendor name (--name) is empty"));
      }
    }
    if (patch.corporate_number) {
      if (str::trim(*patch.corporate_number).empty()) {
        v.corporate_number.reset();
      } else {
        auto cn = parse_corporate_number(*patch.corporate_number);
        if (!cn) {
          return cn.error();
        }
        v.corporate_number = *cn;
      }
    }
    if (patch.address) {
      v.address = *patch.address;
    }
    if (patch.contact) {
      v.contact = *patch.contact;
    }
    if (to_json(v) == to_json(*before)) {
      return v;  // nothing changed: nothing written
    }
    v.updated_at = m.now();
    if (auto r = m.check_vendor_unique(v, id); !r) {
      return r.error();
    }
    auto st = m.db.prepare(
        "UPDATE vendors SET name = ?, corporate_number = ?, address = ?, contact = ?, "
        "updated_at = ? WHERE id = ?");
    if (!st) {
      return st.error();
    }
    st->bind(1, v.name).bind(2, v.corporate_number).bind(3, v.address).bind(4, v.contact);
    st->bind(5, v.updated_at).bind(6, id);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    if (auto r = m.log("vendor", id, "edit", dump(to_json(*before)), dump(to_json(v))); !r) {
      return r.error();
    }
    return v;
  });
}

Expected<VendorRefs> Registry::vendor_refs(int64_t id) {
  Impl& m = *m_impl;
  VendorRefs refs;
  const std::pair<const char*, int64_t*> queries[] = {
      {"SELECT count(*) FROM contracts WHERE vendor_id = ?", &refs.contracts},
      {"SELECT count(*) FROM accounts WHERE operator_id = ?", &refs.accounts},
      {"SELECT count(*) FROM subcontracts WHERE vendor_id = ?1 OR subcontractor_id = ?1",
       &refs.subcontracts},
  };
  for (const auto& [sql, out] : queries) {
    auto st = m.db.prepare(sql);
    if (!st) {
      return st.error();
    }
    st->bind(1, id);
    auto r = st->step();
    if (!r) {
      return r.error();
    }
    *out = st->column_int(0);
  }
  return refs;
}

Status Registry::remove_vendor(int64_t id, Force force) {
  Impl& m = *m_impl;
  return m.write([&]() -> Status {
    auto v = m.vendor(id);
    if (!v) {
      return v.error();
    }
    auto refs = vendor_refs(id);
    if (!refs) {
      return refs.error();
    }
    if (force == Force::no && (refs->contracts + refs->accounts + refs->subcontracts) > 0) {
      return Error(ErrorCode::conflict,
                   in_quotes(v->name) +
                       tr(" は参照されているため削除できません（契約 ",
                          " is still referred to (contracts: ") +
                       std::to_string(refs->contracts) + tr("件、SNSアカウント ", ", accounts: ") +
                       std::to_string(refs->accounts) + tr("件、再委託 ", ", sub-contracting: ") +
                       std::to_string(refs->subcontracts) +
                       tr("件）。--force で参照ごと外して削除します",
                          "); --force removes it and unlinks them"));
    }
    auto certs = m.certificates(id);
    if (!certs) {
      return certs.error();
    }
    for (const Certificate& c : *certs) {
      auto st = m.db.prepare("DELETE FROM certificates WHERE id = ?");
      if (!st) {
        return st.error();
      }
      st->bind(1, c.id);
      if (auto r = st->run(); !r) {
        return r;
      }
      if (auto r = m.log("certificate", c.id, "remove", dump(to_json(c)), std::nullopt); !r) {
        return r;
      }
    }
    auto verifs = m.verifications(id);
    if (!verifs) {
      return verifs.error();
    }
    for (const Verification& x : *verifs) {
      auto st = m.db.prepare("DELETE FROM verifications WHERE id = ?");
      if (!st) {
        return st.error();
      }
      st->bind(1, x.id);
      if (auto r = st->run(); !r) {
        return r;
      }
      if (auto r = m.log("verification", x.id, "remove", dump(to_json(x)), std::nullopt); !r) {
        return r;
      }
    }
    auto subs = m.subcontracts();
    if (!subs) {
      return subs.error();
    }
    for (const Subcontract& s : *subs) {
      if (s.vendor_id != id && s.subcontractor_id != id) {
        continue;
      }
      auto st = m.db.prepare("DELETE FROM subcontracts WHERE id = ?");
      if (!st) {
        return st.error();
      }
      st->bind(1, s.id);
      if (auto r = st->run(); !r) {
        return r;
      }
      if (auto r = m.log("subcontract", s.id, "remove", dump(to_json(s)), std::nullopt); !r) {
        return r;
      }
    }
    auto contracts = list_contracts(id);
    if (!contracts) {
      return contracts.error();
    }
    for (const Contract& c : *contracts) {
      Contract after = c;
      after.vendor_id.reset();
      auto st = m.db.prepare("UPDATE contracts SET vendor_id = NULL WHERE id = ?");
      if (!st) {
        return st.error();
      }
      st->bind(1, c.id);
      if (auto r = st->run(); !r) {
        return r;
      }
      if (auto r = m.log("contract", c.id, "edit", dump(to_json(c)), dump(to_json(after))); !r) {
        return r;
      }
    }
    auto accounts = m.accounts(IncludeRetired::yes);
    if (!accounts) {
      return accounts.error();
    }
    for (const Account& a : *accounts) {
      if (a.operator_id != id) {
        continue;
      }
      Account after = a;
      after.operator_id.reset();
      after.updated_at = m.now();
      if (auto r = m.update_account(after); !r) {
        return r;
      }
      if (auto r = m.log("account", a.id, "edit", dump(to_json(a)), dump(to_json(after))); !r) {
        return r;
      }
    }
    auto st = m.db.prepare("DELETE FROM vendors WHERE id = ?");
    if (!st) {
      return st.error();
    }
    st->bind(1, id);
    if (auto r = st->run(); !r) {
      return r;
    }
    return m.log("vendor", id, "remove", dump(to_json(*v)), std::nullopt);
  });
}

Expected<std::vector<Vendor>> Registry::list_vendors() {
  return m_impl->vendors();
}

Expected<Vendor> Registry::get_vendor(int64_t id) {
  return m_impl->vendor(id);
}

Expected<Vendor> Registry::find_vendor(std::string_view key_in) {
  Impl& m = *m_impl;
  const std::string key = trimmed(key_in);
  if (key.empty()) {
    return invalid(tr("事業者が指定されていません", "no vendor given"));
  }
  std::string_view id_text = key;
  if (str::starts_with(id_text, "#")) {
    id_text.remove_prefix(1);
  }
  if (all_digits(id_text) && id_text.size() <= 12) {
    auto v = m.vendor_by_id(std::stoll(std::string(id_text)));
    if (!v) {
      return v.error();
    }
    if (*v) {
      return **v;
    }
  }
  auto by_name = m.db.prepare(std::string("SELECT ") + k_vendor_cols +
                              " FROM vendors WHERE name = ? OR corporate_number = ?");
  if (by_name) {
    by_name->bind(1, key).bind(2, key);
  }
  auto found = first<Vendor>(by_name, read_vendor);
  if (!found) {
    return found.error();
  }
  if (*found) {
    return **found;
  }
  auto all = m.vendors();
  if (!all) {
    return all.error();
  }
  std::vector<std::string> names;
  names.reserve(all->size());
  for (const Vendor& v : *all) {
    names.push_back(v.name);
  }
  return Error(ErrorCode::not_found,
               tr("不明な事業者です: ", "unknown vendor: ") + in_quotes(key) + suggest(key, names));
}

Expected<StatusInfo> Registry::vendor_status(int64_t id) {
  if (auto v = m_impl->vendor(id); !v) {
    return v.error();
  }
  return m_impl->status(id);
}

// --- Certificates ---

Expected<Certificate> Registry::add_certificate(const Certificate& input) {
  Impl& m = *m_impl;
  Certificate c = input;
  c.number = trimmed(c.number);
  if (c.number.empty()) {
    return invalid(
        tr("認証番号（--number）が空です", "the certificate number (--number) is empty"));
  }
  if (c.valid_to < c.valid_from) {
    return invalid(tr("有効期限 ", "valid-to ") + to_iso(c.valid_to) +
                   tr(" が有効期間の開始 ", " is before valid-from ") + to_iso(c.valid_from) +
                   tr(" より前です", ""));
  }
  c.created_at = m.now();
  return m.write([&]() -> Expected<Certificate> {
    if (auto v = m.vendor(c.vendor_id); !v) {
      return v.error();
    }
    auto st = m.db.prepare(
        "INSERT INTO certificates (vendor_id, kind, number, scope, issuer, valid_from, valid_to, "
        "audit_end, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, c.vendor_id).bind(2, name(c.kind)).bind(3, c.number).bind(4, c.scope);
    st->bind(5, c.issuer).bind(6, to_iso(c.valid_from)).bind(7, to_iso(c.valid_to));
    st->bind(8, opt_iso(c.audit_end)).bind(9, c.created_at);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    c.id = m.db.last_insert_rowid();
    if (auto r = m.log("certificate", c.id, "add", std::nullopt, dump(to_json(c))); !r) {
      return r.error();
    }
    return c;
  });
}

Status Registry::remove_certificate(int64_t id) {
  Impl& m = *m_impl;
  return m.write([&]() -> Status {
    auto st =
        m.db.prepare(std::string("SELECT ") + k_cert_cols + " FROM certificates WHERE id = ?");
    if (st) {
      st->bind(1, id);
    }
    auto c = first<Certificate>(st, read_cert);
    if (!c) {
      return c.error();
    }
    if (!*c) {
      return Error(ErrorCode::not_found,
                   tr("不明な認証です: #", "unknown certificate: #") + std::to_string(id));
    }
    auto del = m.db.prepare("DELETE FROM certificates WHERE id = ?");
    if (!del) {
      return del.error();
    }
    del->bind(1, id);
    if (auto r = del->run(); !r) {
      return r;
    }
    return m.log("certificate", id, "remove", dump(to_json(**c)), std::nullopt);
  });
}

Expected<std::vector<Certificate>> Registry::list_certificates(std::optional<int64_t> vendor_id) {
  return m_impl->certificates(vendor_id);
}

// --- Verifications ---

Expected<Verification> Registry::add_verification(const Verification& input) {
  Impl& m = *m_impl;
  Verification v = input;
  if (v.next_due && *v.next_due < v.verified_on) {
    return invalid(tr("次回期限 ", "next-due ") + to_iso(*v.next_due) +
                   tr(" が確認日 ", " is before the verification date ") + to_iso(v.verified_on) +
                   tr(" より前です", ""));
  }
  if (v.evidence_path && str::trim(*v.evidence_path).empty()) {
    v.evidence_path.reset();
  }
  if (v.evidence_path) {
    std::error_code ec;
    const auto canonical = std::filesystem::canonical(*v.evidence_path, ec);
    if (ec || !std::filesystem::is_regular_file(canonical, ec)) {
      return Error(
          ErrorCode::io,
          *v.evidence_path + ": " + tr("証跡ファイルが見つかりません", "evidence file not found"));
    }
    auto hash = file_sha256(canonical.string());
    if (!hash) {
      return hash.error();
    }
    v.evidence_path = canonical.string();
    v.evidence_sha256 = *hash;
  } else {
    v.evidence_sha256.reset();
  }
  if (v.verified_by.empty()) {
    v.verified_by = m.opts.by;
  }
  v.created_at = m.now();
  return m.write([&]() -> Expected<Verification> {
    if (auto vendor = m.vendor(v.vendor_id); !vendor) {
      return vendor.error();
    }
    auto st = m.db.prepare(
        "INSERT INTO verifications (vendor_id, verified_on, method, result, evidence_path, "
        "evidence_sha256, note, next_due, verified_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, v.vendor_id).bind(2, to_iso(v.verified_on)).bind(3, name(v.method));
    st->bind(4, name(v.result)).bind(5, v.evidence_path).bind(6, v.evidence_sha256);
    st->bind(7, v.note).bind(8, opt_iso(v.next_due)).bind(9, v.verified_by);
    st->bind(10, v.created_at);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    v.id = m.db.last_insert_rowid();
    if (auto r = m.log("verification", v.id, "add", std::nullopt, dump(to_json(v))); !r) {
      return r.error();
    }
    return v;
  });
}

Expected<std::vector<Verification>> Registry::list_verifications(std::optional<int64_t> vendor_id) {
  return m_impl->verifications(vendor_id);
}

Expected<std::vector<DueItem>> Registry::due(Date until) {
  Impl& m = *m_impl;
  auto vendors = m.vendors();
  auto certs = m.certificates(std::nullopt);
  auto verifs = m.verifications(std::nullopt);
  if (!vendors) {
    return vendors.error();
  }
  if (!certs) {
    return certs.error();
  }
  if (!verifs) {
    return verifs.error();
  }
  std::map<int64_t, std::vector<Certificate>> cert_by;
  std::map<int64_t, std::vector<Verification>> verif_by;
  for (Certificate& c : *certs) {
    cert_by[c.vendor_id].push_back(std::move(c));
  }
  for (Verification& v : *verifs) {
    verif_by[v.vendor_id].push_back(std::move(v));
  }
  std::vector<DueItem> out;
  for (const Vendor& v : *vendors) {
    auto items = due_items(v, cert_by[v.id], verif_by[v.id], m.today(), until);
    out.insert(out.end(), items.begin(), items.end());
  }
  sort_due(out);
  return out;
}

// --- Contracts and sub-contracting ---

Expected<Contract> Registry::add_contract(const Contract& input) {
  Impl& m = *m_impl;
  Contract c = input;
  if (str::trim(c.path).empty()) {
    return invalid(tr("契約書のパスが空です", "the contract path is empty"));
  }
  c.created_at = m.now();
  return m.write([&]() -> Expected<Contract> {
    if (c.vendor_id) {
      if (auto v = m.vendor(*c.vendor_id); !v) {
        return v.error();
      }
    }
    auto st = m.db.prepare(
        "INSERT INTO contracts (path, sha256, title, vendor_id, created_at) VALUES (?, ?, ?, ?, "
        "?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, c.path).bind(2, c.sha256).bind(3, c.title).bind(4, c.vendor_id);
    st->bind(5, c.created_at);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    c.id = m.db.last_insert_rowid();
    if (auto r = m.log("contract", c.id, "add", std::nullopt, dump(to_json(c))); !r) {
      return r.error();
    }
    return c;
  });
}

Expected<Contract> Registry::get_contract(int64_t id) {
  auto c = m_impl->contract_by_id(id);
  if (!c) {
    return c.error();
  }
  if (!*c) {
    return Error(ErrorCode::not_found,
                 tr("不明な契約です: #", "unknown contract: #") + std::to_string(id));
  }
  return **c;
}

Expected<std::vector<Contract>> Registry::list_contracts(std::optional<int64_t> vendor_id) {
  std::string sql = std::string("SELECT ") + k_contract_cols + " FROM contracts";
  if (vendor_id) {
    sql += " WHERE vendor_id = ?";
  }
  sql += " ORDER BY id";
  auto st = m_impl->db.prepare(sql);
  if (st && vendor_id) {
    st->bind(1, *vendor_id);
  }
  return collect<Contract>(st, read_contract);
}

Expected<ContractRef> Registry::resolve_contract(std::string_view text_in) {
  const std::string text = trimmed(text_in);
  if (text.empty()) {
    return invalid(tr("契約が指定されていません", "no contract given"));
  }
  const bool hash_id = str::starts_with(text, "#") && all_digits(std::string_view(text).substr(1));
  if (hash_id || all_digits(text)) {
    const std::string digits = hash_id ? text.substr(1) : text;
    auto c = m_impl->contract_by_id(std::stoll(digits));
    if (!c) {
      return c.error();
    }
    if (*c) {
      return ContractRef{(*c)->id, (*c)->path};
    }
    if (hash_id) {
      return Error(ErrorCode::not_found, tr("不明な契約です: ", "unknown contract: ") + text);
    }
  }
  auto st = m_impl->db.prepare(std::string("SELECT ") + k_contract_cols +
                               " FROM contracts WHERE path = ? ORDER BY id DESC LIMIT 1");
  if (st) {
    st->bind(1, text);
  }
  auto c = first<Contract>(st, read_contract);
  if (!c) {
    return c.error();
  }
  if (*c) {
    return ContractRef{(*c)->id, (*c)->path};
  }
  return ContractRef{std::nullopt, text};
}

Expected<Subcontract> Registry::add_subcontract(const Subcontract& input) {
  Impl& m = *m_impl;
  Subcontract s = input;
  s.contract.text = trimmed(s.contract.text);
  if (s.contract.text.empty()) {
    return invalid(tr("契約が指定されていません（--contract）", "no contract given (--contract)"));
  }
  if (s.vendor_id == s.subcontractor_id) {
    return invalid(
        tr("事業者は自分自身の再委託先になれません", "a vendor cannot be its own sub-contractor"));
  }
  s.created_at = m.now();
  return m.write([&]() -> Expected<Subcontract> {
    auto parent = m.vendor(s.vendor_id);
    if (!parent) {
      return parent.error();
    }
    auto child = m.vendor(s.subcontractor_id);
    if (!child) {
      return child.error();
    }
    auto all = m.subcontracts();
    if (!all) {
      return all.error();
    }
    // The chain for one contract must stay a tree: refuse a link that closes a loop.
    std::vector<int64_t> stack = {s.subcontractor_id};
    std::set<int64_t> seen;
    while (!stack.empty()) {
      const int64_t at = stack.back();
      stack.pop_back();
      if (at == s.vendor_id) {
        return Error(ErrorCode::conflict,
                     tr("再委託の連鎖が循環します: ", "this would make a loop in the chain: ") +
                         in_quotes(parent->name) + " → " + in_quotes(child->name) + " → … → " +
                         in_quotes(parent->name));
      }
      if (!seen.insert(at).second) {
        continue;
      }
      for (const Subcontract& e : *all) {
        if (e.vendor_id == at && e.contract.text == s.contract.text) {
          stack.push_back(e.subcontractor_id);
        }
      }
    }
    for (const Subcontract& e : *all) {
      if (e.vendor_id == s.vendor_id && e.subcontractor_id == s.subcontractor_id &&
          e.contract.text == s.contract.text) {
        return Error(ErrorCode::conflict, tr("同じ再委託が既に登録されています（#",
                                             "this sub-contracting is already recorded (#") +
                                              std::to_string(e.id) + tr("）", ")"));
      }
    }
    auto st = m.db.prepare(
        "INSERT INTO subcontracts (vendor_id, subcontractor_id, contract_id, contract_ref, "
        "approved_on, approval_doc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, s.vendor_id).bind(2, s.subcontractor_id).bind(3, s.contract.id);
    st->bind(4, s.contract.text).bind(5, opt_iso(s.approved_on)).bind(6, s.approval_doc);
    st->bind(7, s.created_at);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    s.id = m.db.last_insert_rowid();
    if (auto r = m.log("subcontract", s.id, "add", std::nullopt, dump(to_json(s))); !r) {
      return r.error();
    }
    return s;
  });
}

Status Registry::remove_subcontract(int64_t id) {
  Impl& m = *m_impl;
  return m.write([&]() -> Status {
    auto st = m.db.prepare(std::string("SELECT ") + k_sub_cols + " FROM subcontracts WHERE id = ?");
    if (st) {
      st->bind(1, id);
    }
    auto s = first<Subcontract>(st, read_sub);
    if (!s) {
      return s.error();
    }
    if (!*s) {
      return Error(ErrorCode::not_found,
                   tr("不明な再委託の記録です: #", "unknown sub-contracting record: #") +
                       std::to_string(id));
    }
    auto del = m.db.prepare("DELETE FROM subcontracts WHERE id = ?");
    if (!del) {
      return del.error();
    }
    del->bind(1, id);
    if (auto r = del->run(); !r) {
      return r;
    }
    return m.log("subcontract", id, "remove", dump(to_json(**s)), std::nullopt);
  });
}

Expected<std::vector<Subcontract>> Registry::list_subcontracts() {
  return m_impl->subcontracts();
}

// --- Accounts ---

Expected<Account> Registry::add_account(const Account& input) {
  Impl& m = *m_impl;
  Account a = input;
  a.handle = trimmed(a.handle);
  a.url = trimmed(a.url);
  a.owner = trimmed(a.owner);
  a.department = trimmed(a.department);
  a.owner_department = a.department;
  a.created_at = m.now();
  a.updated_at = m.now();
  a.retired_at.reset();
  return m.write([&]() -> Expected<Account> {
    if (auto r = m.check_account(a, 0); !r) {
      return r.error();
    }
    auto st = m.db.prepare(
        "INSERT INTO accounts (service, handle, handle_key, url, department, owner, "
        "owner_department, deputy, procedure_doc, listed_at, profile_names_body, mfa, operator_id, "
        "purpose, emergency, last_review, last_post, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, name(a.service))
        .bind(2, a.handle)
        .bind(3, handle_key(a.service, a.handle, m.opts.fold));
    st->bind(4, a.url).bind(5, a.department).bind(6, a.owner).bind(7, a.owner_department);
    st->bind(8, a.deputy).bind(9, a.procedure_doc).bind(10, a.listed_at);
    st->bind(11, a.profile_names_body).bind(12, a.mfa).bind(13, a.operator_id);
    st->bind(14, a.purpose).bind(15, a.emergency).bind(16, opt_iso(a.last_review));
    st->bind(17, opt_iso(a.last_post)).bind(18, a.created_at).bind(19, a.updated_at);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    a.id = m.db.last_insert_rowid();
    if (auto r = m.log("account", a.id, "add", std::nullopt, dump(to_json(a))); !r) {
      return r.error();
    }
    return a;
  });
}

Expected<Account> Registry::edit_account(int64_t id, const AccountPatch& p) {
  Impl& m = *m_impl;
  auto before = m.account(id);
  if (!before) {
    return before.error();
  }
  Account a = *before;
  if (p.handle) {
    a.handle = trimmed(*p.handle);
  }
  if (p.url) {
    a.url = trimmed(*p.url);
  }
  if (p.department) {
    a.department = trimmed(*p.department);
  }
  if (p.owner) {
    a.owner = trimmed(*p.owner);
  }
  // A new owner is an owner for the department as it now is; a department change alone leaves
  // owner_department behind, which `sns check` reports (SNS-02).
  if (p.owner && (*p.owner != before->owner || p.department)) {
    a.owner_department = a.department;
  }
  if (p.deputy) {
    a.deputy = *p.deputy;
  }
  if (p.procedure_doc) {
    a.procedure_doc = *p.procedure_doc;
  }
  if (p.listed_at) {
    a.listed_at = *p.listed_at;
  }
  if (p.profile_names_body) {
    a.profile_names_body = *p.profile_names_body;
  }
  if (p.mfa) {
    a.mfa = *p.mfa;
  }
  if (p.operator_id) {
    a.operator_id = *p.operator_id;
  }
  if (p.purpose) {
    a.purpose = *p.purpose;
  }
  if (p.emergency) {
    a.emergency = *p.emergency;
  }
  if (p.last_post) {
    a.last_post = *p.last_post;
  }
  if (to_json(a) == to_json(*before)) {
    return a;
  }
  return m.change_account(*before, a, "edit");
}

Expected<Account> Registry::set_owner(int64_t id,
                                      const std::string& owner,
                                      const std::optional<std::string>& deputy) {
  Impl& m = *m_impl;
  auto before = m.account(id);
  if (!before) {
    return before.error();
  }
  Account a = *before;
  a.owner = trimmed(owner);
  a.owner_department = a.department;
  if (deputy) {
    a.deputy = trimmed(*deputy);
  }
  return m.change_account(*before, a, "set-owner");
}

Expected<Account> Registry::retire_account(int64_t id, const std::string& reason) {
  Impl& m = *m_impl;
  auto before = m.account(id);
  if (!before) {
    return before.error();
  }
  if (before->retired_at) {
    return Error(ErrorCode::conflict,
                 account_label(*before) +
                     tr(" は既に廃止されています（", " was already retired on ") +
                     *before->retired_at + tr("）", ""));
  }
  Account a = *before;
  a.retired_at = m.now();
  a.retire_reason = reason;
  return m.change_account(*before, a, "retire");
}

Expected<Account> Registry::review_account(int64_t id, Date on, std::optional<Date> last_post) {
  Impl& m = *m_impl;
  auto before = m.account(id);
  if (!before) {
    return before.error();
  }
  if (on > m.today()) {
    return invalid(tr("点検日 ", "the review date ") + to_iso(on) +
                   tr(" が未来の日付です", " is in the future"));
  }
  Account a = *before;
  a.last_review = on;
  if (last_post) {
    a.last_post = *last_post;
  }
  return m.change_account(*before, a, "review");
}

Expected<std::vector<Account>> Registry::list_accounts(IncludeRetired retired) {
  return m_impl->accounts(retired);
}

Expected<Account> Registry::get_account(int64_t id) {
  return m_impl->account(id);
}

Expected<Account> Registry::find_account(std::string_view key_in) {
  Impl& m = *m_impl;
  const std::string key = trimmed(key_in);
  if (key.empty()) {
    return invalid(tr("アカウントが指定されていません", "no account given"));
  }
  std::string_view id_text = key;
  if (str::starts_with(id_text, "#")) {
    id_text.remove_prefix(1);
  }
  if (all_digits(id_text)) {
    auto a = m.account_by_id(std::stoll(std::string(id_text)));
    if (!a) {
      return a.error();
    }
    if (*a) {
      return **a;
    }
  }
  auto all = m.accounts(IncludeRetired::yes);
  if (!all) {
    return all.error();
  }
  std::optional<Service> service;
  std::string handle = key;
  if (const size_t colon = key.find(':'); colon != std::string::npos && !is_http_url(key)) {
    service = parse_service(str::to_lower_ascii(key.substr(0, colon)));
    if (service) {
      handle = key.substr(colon + 1);
    }
  }
  std::vector<const Account*> active;
  std::vector<const Account*> retired;
  for (const Account& a : *all) {
    const bool same_handle =
        handle_key(a.service, handle, m.opts.fold) == handle_key(a.service, a.handle, m.opts.fold);
    const bool match = (!service || a.service == *service) && (same_handle || a.url == key);
    if (match) {
      (a.retired_at ? retired : active).push_back(&a);
    }
  }
  const auto& hits = active.empty() ? retired : active;
  if (hits.size() == 1) {
    return *hits.front();
  }
  if (hits.size() > 1) {
    std::vector<std::string> names;
    names.reserve(hits.size());
    for (const Account* a : hits) {
      names.push_back(account_label(*a) + " (#" + std::to_string(a->id) + ")");
    }
    return Error(ErrorCode::conflict, tr("複数のアカウントに該当します: ", "ambiguous account: ") +
                                          in_quotes(key) + " — " + str::join(names, ", "));
  }
  // "Did you mean": the closest handle, shown as service:handle.
  std::string guess;
  size_t best = std::max<size_t>(3, str::cp_count(handle) / 3 + 1);
  for (const Account& a : *all) {
    const size_t d = str::edit_distance(handle_key(a.service, handle, m.opts.fold),
                                        handle_key(a.service, a.handle, m.opts.fold));
    if (d < best) {
      best = d;
      guess = account_label(a);
    }
  }
  return Error(
      ErrorCode::not_found,
      tr("不明なアカウントです: ", "unknown account: ") + in_quotes(key) +
          (guess.empty() ? std::string()
                         : tr("（もしかして: ", " (did you mean '") + guess + tr("）", "'?)")));
}

Expected<std::vector<SnsProblem>> Registry::check_accounts() {
  Impl& m = *m_impl;
  auto accounts = m.accounts(IncludeRetired::no);
  if (!accounts) {
    return accounts.error();
  }
  std::map<int64_t, OperatorInfo> operators;
  std::vector<SnsProblem> out;
  for (const Account& a : *accounts) {
    const OperatorInfo* op = nullptr;
    if (a.operator_id) {
      auto it = operators.find(*a.operator_id);
      if (it == operators.end()) {
        auto v = m.vendor(*a.operator_id);
        if (!v) {
          return v.error();
        }
        auto s = m.status(v->id);
        if (!s) {
          return s.error();
        }
        it = operators.emplace(v->id, OperatorInfo{v->name, *s}).first;
      }
      op = &it->second;
    }
    auto problems = check_account(a, op, m.today());
    out.insert(out.end(), problems.begin(), problems.end());
  }
  return out;
}

// --- Waivers ---

Expected<Waiver> Registry::add_waiver(const Waiver& input) {
  Impl& m = *m_impl;
  Waiver w = input;
  w.contract.text = trimmed(w.contract.text);
  w.requirement_id = trimmed(w.requirement_id);
  if (w.contract.text.empty() && !w.contract.id) {
    return invalid(tr("契約が指定されていません", "no contract given"));
  }
  if (w.requirement_id.empty()) {
    return invalid(tr("要件IDが空です", "the requirement id is empty"));
  }
  if (str::trim(w.reason).empty()) {
    return invalid(tr("例外の理由が空です", "the reason is empty"));
  }
  if (str::trim(w.approver).empty()) {
    return invalid(tr("承認者が空です", "the approver is empty"));
  }
  if (w.until < m.today()) {
    return invalid(tr("期限 ", "the until date ") + to_iso(w.until) +
                   tr(" は過去の日付です", " is in the past"));
  }
  w.created_at = m.now();
  w.created_by = m.opts.by;
  return m.write([&]() -> Expected<Waiver> {
    if (w.contract.id) {
      auto c = m.contract_by_id(*w.contract.id);
      if (!c) {
        return c.error();
      }
      if (!*c) {
        return Error(ErrorCode::not_found, tr("不明な契約です: #", "unknown contract: #") +
                                               std::to_string(*w.contract.id));
      }
      if (w.contract.text.empty()) {
        w.contract.text = (*c)->path;
      }
    }
    auto st = m.db.prepare(
        "INSERT INTO waivers (contract_id, contract_ref, requirement_id, reason, approver, until, "
        "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, w.contract.id).bind(2, w.contract.text).bind(3, w.requirement_id);
    st->bind(4, w.reason).bind(5, w.approver).bind(6, to_iso(w.until)).bind(7, w.created_at);
    st->bind(8, w.created_by);
    if (auto r = st->run(); !r) {
      return r.error();
    }
    w.id = m.db.last_insert_rowid();
    if (auto r = m.log("waiver", w.id, "add", std::nullopt, dump(to_json(w))); !r) {
      return r.error();
    }
    return w;
  });
}

Expected<std::vector<Waiver>> Registry::active_waivers(const ContractRef& contract, Date on) {
  auto st = m_impl->db.prepare(
      std::string("SELECT ") + k_waiver_cols +
      " FROM waivers WHERE until >= ?1 AND (contract_ref = ?2 OR (?3 IS NOT NULL AND "
      "contract_id = ?3)) ORDER BY requirement_id, id");
  if (st) {
    st->bind(1, to_iso(on)).bind(2, contract.text).bind(3, contract.id);
  }
  return collect<Waiver>(st, read_waiver);
}

Expected<std::vector<Waiver>> Registry::list_waivers() {
  auto st = m_impl->db.prepare(std::string("SELECT ") + k_waiver_cols +
                               " FROM waivers ORDER BY contract_ref, requirement_id, id");
  return collect<Waiver>(st, read_waiver);
}

// --- History and the database ---

Expected<std::vector<HistoryEntry>> Registry::history(const std::string& entity,
                                                      std::optional<int64_t> entity_id) {
  return read_history(m_impl->db, entity, entity_id);
}

Expected<VerifyReport> Registry::verify(const std::optional<std::string>& expect_head) {
  Impl& m = *m_impl;
  VerifyReport report;
  auto version = m.user_version();
  if (!version) {
    return version.error();
  }
  report.schema_version = *version;
  {
    auto st = m.db.prepare("PRAGMA integrity_check(20)");
    auto rows = collect<std::string>(st, [](const Statement& s) { return s.column_text(0); });
    if (!rows) {
      report.problems.push_back("integrity_check: " + rows.error().message);
    } else if (!(rows->size() == 1 && rows->front() == "ok")) {
      for (const std::string& r : *rows) {
        report.problems.push_back("integrity_check: " + r);
      }
    }
  }
  {
    auto st = m.db.prepare("PRAGMA foreign_key_check");
    auto rows = collect<std::string>(st, [](const Statement& s) {
      return tr("外部キー違反: ", "foreign key violation: ") + s.column_text(0) +
             tr(" の行 ", " row ") + s.column_text(1) +
             tr(" が存在しない ", " refers to a missing ") + s.column_text(2) +
             tr(" の行を参照しています", " row");
    });
    if (!rows) {
      report.problems.push_back("foreign_key_check: " + rows.error().message);
    } else {
      report.problems.insert(report.problems.end(), rows->begin(), rows->end());
    }
  }
  auto chain = check_history(m.db);
  if (!chain) {
    return chain.error();
  }
  report.history_rows = chain->rows;
  report.head_hash = chain->head_hash;
  report.first_bad_row = chain->first_bad_row;
  report.problems.insert(report.problems.end(), chain->problems.begin(), chain->problems.end());
  if (expect_head && !expect_head->empty()) {
    auto st = m.db.prepare("SELECT id FROM history WHERE hash = ?");
    if (!st) {
      return st.error();
    }
    st->bind(1, str::to_lower_ascii(*expect_head));
    auto r = st->step();
    if (!r) {
      return r.error();
    }
    if (!*r) {
      report.problems.push_back(tr("記録済みの先頭ハッシュ ", "the recorded head hash ") +
                                *expect_head +
                                tr(" が履歴にありません: 履歴が作り直されています",
                                   " is not in the history: the history was rewritten"));
    }
  }
  return report;
}

Status Registry::backup(const std::string& path, Force overwrite) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    if (overwrite == Force::no) {
      return Error(ErrorCode::conflict, path + ": " +
                                            tr("既に存在します（上書きは --force）",
                                               "already exists (--force overwrites it)"));
    }
    if (std::filesystem::equivalent(path, m_impl->opts.path, ec)) {
      return invalid(path + ": " +
                     tr("バックアップ先が元の台帳と同じです",
                        "the backup would overwrite the registry itself"));
    }
  }
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  std::filesystem::remove(tmp, ec);
  if (auto r = m_impl->db.backup_to(tmp); !r) {
    std::filesystem::remove(tmp, ec);
    return r;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Error(ErrorCode::io, path + ": " + ec.message());
  }
  return {};
}

}  // namespace keiyaku::registry
