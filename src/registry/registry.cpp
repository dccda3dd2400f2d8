// The ledgers: vendors, certificates, verifications, contracts and sub-contracting, social-media
// accounts and waivers.

#include "registry.hpp"

#include "corporate_number.hpp"
#include "impl.hpp"

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
  if (v.verified_on > m.today()) {
    return invalid(tr("確認日 ", "the verification date ") + to_iso(v.verified_on) +
                   tr(" が未来の日付です", " is in the future"));
  }
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
  // The text it is granted on: given, or the reference when that is a SHA-256.
  w.sha256 = str::to_lower_ascii(trimmed(w.sha256));
  if (w.sha256.empty() && is_sha256(w.contract.text)) {
    w.sha256 = str::to_lower_ascii(w.contract.text);
  }
  if (!w.sha256.empty() && !is_sha256(w.sha256)) {
    return invalid(tr("SHA-256 ではありません: ", "not a SHA-256: ") + w.sha256);
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
      // Granted by contract alone: on the text the registry last read of it.
      if (w.sha256.empty() && is_sha256((*c)->sha256)) {
        w.sha256 = (*c)->sha256;
      }
    }
    auto st = m.db.prepare(
        "INSERT INTO waivers (contract_id, contract_ref, requirement_id, reason, approver, until, "
        "created_at, created_by, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) {
      return st.error();
    }
    st->bind(1, w.contract.id).bind(2, w.contract.text).bind(3, w.requirement_id);
    st->bind(4, w.reason).bind(5, w.approver).bind(6, to_iso(w.until)).bind(7, w.created_at);
    st->bind(8, w.created_by).bind(9, w.sha256);
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
      " FROM waivers WHERE until >= ?1 AND (contract_ref = ?2 OR (?2 <> '' AND sha256 = ?2) OR "
      "(?3 IS NOT NULL AND contract_id = ?3)) ORDER BY requirement_id, id");
  if (st) {
    st->bind(1, to_iso(on)).bind(2, contract.text).bind(3, contract.id);
  }
  return collect<Waiver>(st, read_waiver);
}

Expected<std::optional<Contract>> Registry::contract_of_file(std::string_view path,
                                                             std::string_view sha256) {
  Impl& m = *m_impl;
  auto by_path =
      m.db.prepare(std::string("SELECT ") + k_contract_cols + " FROM contracts WHERE path = ?");
  if (by_path) {
    by_path->bind(1, std::string(path));
  }
  auto found = first<Contract>(by_path, read_contract);
  if (!found || *found || sha256.empty()) {
    return found;
  }
  auto by_text = m.db.prepare(std::string("SELECT ") + k_contract_cols +
                              " FROM contracts WHERE sha256 = ? ORDER BY id LIMIT 2");
  if (by_text) {
    by_text->bind(1, std::string(sha256));
  }
  auto same = collect<Contract>(by_text, read_contract);
  if (!same) {
    return same.error();
  }
  return same->size() == 1 ? std::optional<Contract>(same->front()) : std::nullopt;
}

Expected<std::vector<Waiver>> Registry::list_waivers() {
  auto st = m_impl->db.prepare(std::string("SELECT ") + k_waiver_cols +
                               " FROM waivers ORDER BY contract_ref, requirement_id, id");
  return collect<Waiver>(st, read_waiver);
}

}  // namespace keiyaku::registry
