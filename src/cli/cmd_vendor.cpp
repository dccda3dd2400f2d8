// keiyaku vendor: vendors, certificates, verifications (確認), sub-contracting, what is due.

#include "command.hpp"
#include "localize.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <batch/batch.hpp>
#include <registry/calendar.hpp>
#include <registry/json.hpp>
#include <registry/registry.hpp>
#include <registry/status.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace keiyaku::cli {

namespace {

namespace reg = keiyaku::registry;
using reg::Json;

constexpr int k_format_version = 1;

Json envelope(const char* key, Json items) {
  Json j;
  j["format_version"] = k_format_version;
  j[key] = std::move(items);
  return j;
}

void print_json(const Json& j) {
  out(j.dump(2) + "\n");
}

std::string vendor_ref(const reg::Vendor& v) {
  return "#" + std::to_string(v.id) + " " + v.name;
}

// Contracts already reviewed that name a vendor now registered (or renamed) are linked to it at
// once, so that reports show its status without another batch.
int link_reviewed_contracts(reg::Registry& r) {
  auto linked = batch::link_vendors(r);
  if (!linked) {
    return fail(linked.error());
  }
  if (*linked > 0) {
    done(tr("審査済みの契約書 ", "linked ") + std::to_string(*linked) +
         tr(" 件をこの事業者に結び付けました", " reviewed contract(s) to it"));
  }
  return 0;
}

// --- vendor add / edit / remove / list / show ---

struct VendorArgs {
  std::string key;
  std::optional<std::string> name;
  std::optional<std::string> corporate_number;
  std::optional<std::string> address;
  std::optional<std::string> contact;
  bool force = false;
  std::string format;
};

int vendor_add(const RegistryOptions& ro, const VendorArgs& a) {
  reg::Vendor v;
  v.name = a.name.value_or("");
  v.corporate_number = a.corporate_number;
  v.address = a.address.value_or("");
  v.contact = a.contact.value_or("");
  if (auto s = reg::validate_vendor(v); !s) {  // before the file is created
    return fail(s.error());
  }
  auto r = open_registry(ro, reg::OpenMode::create_if_missing);
  if (!r) {
    return fail(r.error());
  }
  auto added = r->add_vendor(v);
  if (!added) {
    return fail(added.error());
  }
  done(tr("事業者を登録しました: ", "added vendor ") + vendor_ref(*added));
  return link_reviewed_contracts(*r);
}

int vendor_edit(const RegistryOptions& ro, const VendorArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto v = r->find_vendor(a.key);
  if (!v) {
    return fail(v.error());
  }
  reg::VendorPatch p{a.name, a.corporate_number, a.address, a.contact};
  auto edited = r->edit_vendor(v->id, p);
  if (!edited) {
    return fail(edited.error());
  }
  done(tr("事業者を更新しました: ", "updated vendor ") + vendor_ref(*edited));
  return link_reviewed_contracts(*r);
}

int vendor_remove(const RegistryOptions& ro, const VendorArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto v = r->find_vendor(a.key);
  if (!v) {
    return fail(v.error());
  }
  if (auto s = r->remove_vendor(v->id, a.force ? reg::Force::yes : reg::Force::no); !s) {
    return fail(s.error());
  }
  done(tr("事業者を削除しました: ", "removed vendor ") + vendor_ref(*v));
  return 0;
}

int vendor_list(const RegistryOptions& ro, const VendorArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto vendors = r->list_vendors();
  if (!vendors) {
    return fail(vendors.error());
  }
  std::vector<reg::StatusInfo> statuses;
  for (const reg::Vendor& v : *vendors) {
    auto s = r->vendor_status(v.id);
    if (!s) {
      return fail(s.error());
    }
    statuses.push_back(*s);
  }
  if (a.format == "json") {
    Json items = Json::array();
    for (size_t i = 0; i < vendors->size(); ++i) {
      Json j = reg::to_json((*vendors)[i]);
      j["status"] = reg::to_json(statuses[i]);
      items.push_back(std::move(j));
    }
    print_json(envelope("vendors", std::move(items)));
  } else if (a.format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "name", "corporate_number", "address", "contact", "status", "status_ja",
                     "next_due", "reason"});
    for (size_t i = 0; i < vendors->size(); ++i) {
      const reg::Vendor& v = (*vendors)[i];
      const reg::StatusInfo& s = statuses[i];
      text += csv_row({std::to_string(v.id), v.name, v.corporate_number.value_or(""), v.address,
                       v.contact, std::string(reg::name(s.status)),
                       std::string(reg::label_ja(s.status)),
                       s.next_due ? reg::to_iso(*s.next_due) : "", s.reason});
    }
    out(text);
  } else {
    Table t({"ID", tr("事業者", "VENDOR"), tr("法人番号", "CORPORATE-NO"), tr("状態", "STATUS"),
             tr("次回確認", "NEXT-DUE"), tr("理由", "REASON")});
    for (size_t i = 0; i < vendors->size(); ++i) {
      const reg::Vendor& v = (*vendors)[i];
      const reg::StatusInfo& s = statuses[i];
      t.add({std::to_string(v.id), v.name, v.corporate_number.value_or("-"), reg::label(s.status),
             date_or_dash(s.next_due), s.reason});
    }
    if (t.empty()) {
      if (!globals().quiet) {
        std::fprintf(stderr, "%s\n", tr("事業者は登録されていません", "no vendors").c_str());
      }
      return 0;
    }
    out(t.render());
  }
  return 0;
}

// Draws each sub-contracting chain the vendor is part of, one per contract, marking the vendor.
std::string draw_chains(int64_t vendor_id,
                        const std::vector<reg::Subcontract>& subs,
                        const std::map<int64_t, std::string>& names) {
  std::set<std::string> contracts;
  for (const auto& s : subs) {
    if (s.vendor_id == vendor_id || s.subcontractor_id == vendor_id) {
      contracts.insert(s.contract.text);
    }
  }
  std::string text;
  auto name_of = [&](int64_t id) {
    auto it = names.find(id);
    return (it != names.end() ? it->second : std::string("?")) + " (#" + std::to_string(id) + ")";
  };
  for (const std::string& contract : contracts) {
    std::vector<const reg::Subcontract*> edges;
    for (const auto& s : subs) {
      if (s.contract.text == contract) {
        edges.push_back(&s);
      }
    }
    // Roots above the vendor: walk parent links up.
    std::set<int64_t> roots;
    std::set<int64_t> seen;
    std::function<void(int64_t)> up = [&](int64_t at) {
      if (!seen.insert(at).second) {
        return;
      }
      bool has_parent = false;
      for (const auto* e : edges) {
        if (e->subcontractor_id == at) {
          has_parent = true;
          up(e->vendor_id);
        }
      }
      if (!has_parent) {
        roots.insert(at);
      }
    };
    up(vendor_id);
    text += "  " + tr("契約 ", "contract ") + contract + ":\n";
    std::function<void(int64_t, const std::string&, std::set<int64_t>&)> down =
        [&](int64_t at, const std::string& prefix, std::set<int64_t>& path) {
          std::vector<const reg::Subcontract*> kids;
          for (const auto* e : edges) {
            if (e->vendor_id == at) {
              kids.push_back(e);
            }
          }
          for (size_t i = 0; i < kids.size(); ++i) {
            const bool last = i + 1 == kids.size();
            const reg::Subcontract& e = *kids[i];
            std::string line = prefix + (last ? "└─ " : "├─ ") + name_of(e.subcontractor_id);
            if (e.subcontractor_id == vendor_id) {
              line += " ◀";
            }
            line += e.approved_on ? "  " + tr("承認 ", "approved ") + reg::to_iso(*e.approved_on)
                                  : "  " + tr("承認の記録なし", "no approval recorded");
            if (!e.approval_doc.empty()) {
              line += " (" + e.approval_doc + ")";
            }
            text += line + "\n";
            if (path.insert(e.subcontractor_id).second) {
              down(e.subcontractor_id, prefix + (last ? "   " : "│  "), path);
              path.erase(e.subcontractor_id);
            }
          }
        };
    for (int64_t root : roots) {
      text += "    " + name_of(root) + (root == vendor_id ? " ◀" : "") + "\n";
      std::set<int64_t> path = {root};
      down(root, "    ", path);
    }
  }
  return text;
}

std::string cert_state(const std::vector<reg::Certificate>& all,
                       const reg::Certificate& c,
                       reg::Date today) {
  for (const reg::Certificate* cur : reg::current_certificates(all)) {
    if (cur->id == c.id) {
      return c.valid_to < today ? tr("期限切れ", "expired") : tr("有効", "valid");
    }
  }
  return tr("更新済", "renewed");
}

int vendor_show(const RegistryOptions& ro, const VendorArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto v = r->find_vendor(a.key);
  if (!v) {
    return fail(v.error());
  }
  auto status = r->vendor_status(v->id);
  auto certs = r->list_certificates(v->id);
  auto verifs = r->list_verifications(v->id);
  auto contracts = r->list_contracts(v->id);
  auto accounts = r->list_accounts(reg::IncludeRetired::no);
  auto subs = r->list_subcontracts();
  auto vendors = r->list_vendors();
  for (const Error* e :
       {status ? nullptr : &status.error(), certs ? nullptr : &certs.error(),
        verifs ? nullptr : &verifs.error(), contracts ? nullptr : &contracts.error(),
        accounts ? nullptr : &accounts.error(), subs ? nullptr : &subs.error(),
        vendors ? nullptr : &vendors.error()}) {
    if (e != nullptr) {
      return fail(*e);
    }
  }
  std::map<int64_t, std::string> names;
  for (const auto& x : *vendors) {
    names[x.id] = x.name;
  }
  std::vector<reg::Account> operated;
  for (const auto& acc : *accounts) {
    if (acc.operator_id == v->id) {
      operated.push_back(acc);
    }
  }
  std::vector<reg::Subcontract> mine;
  for (const auto& s : *subs) {
    if (s.vendor_id == v->id || s.subcontractor_id == v->id) {
      mine.push_back(s);
    }
  }
  const reg::Date today = r->clock().today;
  if (a.format == "json") {
    Json j = reg::to_json(*v);
    j["status"] = reg::to_json(*status);
    Json jc = Json::array();
    for (const auto& c : *certs) {
      Json x = reg::to_json(c);
      x["state"] = cert_state(*certs, c, today);
      jc.push_back(std::move(x));
    }
    j["certificates"] = std::move(jc);
    Json jv = Json::array();
    for (const auto& x : *verifs) {
      jv.push_back(reg::to_json(x));
    }
    j["verifications"] = std::move(jv);
    Json jk = Json::array();
    for (const auto& x : *contracts) {
      jk.push_back(reg::to_json(x));
    }
    j["contracts"] = std::move(jk);
    Json ja = Json::array();
    for (const auto& x : operated) {
      ja.push_back({{"id", x.id},
                    {"service", std::string(reg::name(x.service))},
                    {"handle", x.handle},
                    {"url", x.url}});
    }
    j["operated_accounts"] = std::move(ja);
    Json js = Json::array();
    for (const auto& s : mine) {
      Json x = reg::to_json(s);
      x["vendor"] = names[s.vendor_id];
      x["subcontractor"] = names[s.subcontractor_id];
      js.push_back(std::move(x));
    }
    j["subcontracting"] = std::move(js);
    Json env;
    env["format_version"] = k_format_version;
    env["vendor"] = std::move(j);
    print_json(env);
    return 0;
  }
  std::string text = vendor_ref(*v) + "\n";
  auto field = [&](const std::string& label, const std::string& value) {
    if (!value.empty()) {
      text += "  " + label + ": " + value + "\n";
    }
  };
  field(tr("法人番号", "corporate number"), v->corporate_number.value_or(""));
  field(tr("所在地", "address"), v->address);
  field(tr("連絡先", "contact"), v->contact);
  field(tr("状態", "status"), reg::label(status->status) + " — " + status->reason);
  text += tr("認証:\n", "certificates:\n");
  if (certs->empty()) {
    text += tr("  （なし）\n", "  (none)\n");
  }
  for (const auto& c : *certs) {
    text += "  #" + std::to_string(c.id) + "  " + reg::label(c.kind) + "  " + c.number + "  " +
            reg::to_iso(c.valid_from) + " – " + reg::to_iso(c.valid_to) + "  [" +
            cert_state(*certs, c, today) + "]" + (c.scope.empty() ? "" : "  " + c.scope) + "\n";
  }
  text += tr("確認:\n", "verifications:\n");
  if (verifs->empty()) {
    text += tr("  （なし）\n", "  (none)\n");
  }
  for (const auto& x : *verifs) {
    text += "  #" + std::to_string(x.id) + "  " + reg::to_iso(x.verified_on) + "  " +
            reg::label(x.method) + "  " + reg::label(x.result) + "  " + tr("次回 ", "next due ") +
            date_or_dash(x.next_due) + "  " + tr("確認者 ", "by ") + x.verified_by + "\n";
    if (x.evidence_path) {
      text += "      " + tr("証跡: ", "evidence: ") + *x.evidence_path +
              "  sha256:" + x.evidence_sha256.value_or("") + "\n";
    }
    if (!x.note.empty()) {
      text += "      " + tr("備考: ", "note: ") + x.note + "\n";
    }
  }
  if (!contracts->empty()) {
    text += tr("契約:\n", "contracts:\n");
    for (const auto& c : *contracts) {
      text += "  #" + std::to_string(c.id) + "  " + c.path +
              (c.title.empty() ? "" : "  " + c.title) + "\n";
    }
  }
  if (!operated.empty()) {
    text += tr("運用を受託しているSNSアカウント:\n", "operates these social-media accounts:\n");
    for (const auto& acc : operated) {
      text += "  #" + std::to_string(acc.id) + "  " + std::string(reg::name(acc.service)) + ":" +
              acc.handle + "  " + acc.url + "\n";
    }
  }
  if (!mine.empty()) {
    text += tr("再委託:\n", "sub-contracting:\n");
    text += draw_chains(v->id, *subs, names);
  }
  show(text);
  return 0;
}

// --- certificates ---

struct CertArgs {
  std::string vendor;
  std::string kind;
  std::string number;
  std::string valid_from;
  std::optional<std::string> valid_to;
  std::optional<std::string> audit_end;
  std::string scope;
  std::string issuer;
  int64_t id = 0;
  std::string format;
};

int cert_add(const RegistryOptions& ro, const CertArgs& a) {
  auto from = parse_date_option("--valid-from", a.valid_from);
  if (!from) {
    return fail(from.error());
  }
  auto to = parse_opt_date_option("--valid-to", a.valid_to);
  if (!to) {
    return fail(to.error());
  }
  auto audit = parse_opt_date_option("--audit-end", a.audit_end);
  if (!audit) {
    return fail(audit.error());
  }
  const auto kind = reg::parse_cert_kind(a.kind);
  if (!kind) {
    return fail(Error(ErrorCode::usage, "--kind: " + a.kind));
  }
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto v = r->find_vendor(a.vendor);
  if (!v) {
    return fail(v.error());
  }
  reg::Certificate c;
  c.vendor_id = v->id;
  c.kind = *kind;
  c.number = a.number;
  c.scope = a.scope;
  c.issuer = a.issuer;
  c.valid_from = *from;
  c.audit_end = *audit;
  if (*to) {
    c.valid_to = **to;
  } else {
    const auto proposed = reg::propose_valid_to(*kind, *from, *audit);
    if (!proposed) {
      return fail(Error(ErrorCode::invalid_input,
                        tr("この種別では有効期限を推定できません: --valid-to を指定してください",
                           "cannot propose a valid-to date for this kind: give --valid-to")));
    }
    c.valid_to = *proposed;
    std::string note = tr("有効期限の指定がないため ", "no --valid-to given: using ") +
                       reg::to_iso(c.valid_to) + tr(" としました（", " (") + reg::label(*kind);
    if ((*kind == reg::CertKind::ismap || *kind == reg::CertKind::ismap_liu) && !*audit) {
      note +=
          tr("、登録日からの概算です。正確には --audit-end（監査対象期間の末日）を指定してください",
             ", estimated from valid-from; give --audit-end, the end of the audited period, "
             "for the exact date");
    }
    note += tr("）", ")");
    term::warning(note);
  }
  for (const std::string& w : reg::certificate_warnings(c, r->clock().today)) {
    term::warning(w);
  }
  auto added = r->add_certificate(c);
  if (!added) {
    return fail(added.error());
  }
  done(tr("認証を登録しました: #", "added certificate #") + std::to_string(added->id) + " " +
       reg::label(added->kind) + " " + added->number + " (" + v->name + ", " +
       reg::to_iso(added->valid_from) + " – " + reg::to_iso(added->valid_to) + ")");
  return 0;
}

int cert_list(const RegistryOptions& ro, const CertArgs& a) {
  auto data = vendor_rows<reg::Certificate>(
      ro, a.vendor, [](reg::Registry& r, std::optional<int64_t> v) { return r.list_certificates(v); });
  if (!data) {
    return fail(data.error());
  }
  const std::vector<reg::Certificate>& certs = data->rows;
  std::map<int64_t, std::string>& names = data->names;
  std::map<int64_t, std::vector<reg::Certificate>> by_vendor;
  for (const auto& c : certs) {
    by_vendor[c.vendor_id].push_back(c);
  }
  const reg::Date today = data->today;
  if (a.format == "json") {
    Json items = Json::array();
    for (const auto& c : certs) {
      Json j = reg::to_json(c);
      j["vendor"] = names[c.vendor_id];
      j["state"] = cert_state(by_vendor[c.vendor_id], c, today);
      items.push_back(std::move(j));
    }
    print_json(envelope("certificates", std::move(items)));
    return 0;
  }
  if (a.format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "vendor_id", "vendor", "kind", "number", "scope", "issuer", "valid_from",
                     "valid_to", "state"});
    for (const auto& c : certs) {
      text += csv_row({std::to_string(c.id), std::to_string(c.vendor_id), names[c.vendor_id],
                       std::string(reg::name(c.kind)), c.number, c.scope, c.issuer,
                       reg::to_iso(c.valid_from), reg::to_iso(c.valid_to),
                       cert_state(by_vendor[c.vendor_id], c, today)});
    }
    out(text);
    return 0;
  }
  Table t({"ID", tr("事業者", "VENDOR"), tr("種別", "KIND"), tr("番号", "NUMBER"),
           tr("有効期間", "VALID"), tr("状態", "STATE"), tr("範囲", "SCOPE")});
  for (const auto& c : certs) {
    t.add({std::to_string(c.id), names[c.vendor_id], reg::label(c.kind), c.number,
           reg::to_iso(c.valid_from) + " – " + reg::to_iso(c.valid_to),
           cert_state(by_vendor[c.vendor_id], c, today), c.scope});
  }
  if (!t.empty()) {
    out(t.render());
  }
  return 0;
}

int cert_remove(const RegistryOptions& ro, const CertArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  if (auto s = r->remove_certificate(a.id); !s) {
    return fail(s.error());
  }
  done(tr("認証を削除しました: #", "removed certificate #") + std::to_string(a.id));
  return 0;
}

// --- verifications ---

struct VerifyArgs {
  std::string vendor;
  std::string method;
  std::string result;
  std::optional<std::string> date;
  std::optional<std::string> evidence;
  std::string note;
  std::optional<std::string> next_due;
  std::string format;
};

int verify_add(const RegistryOptions& ro, const VerifyArgs& a) {
  auto next_due = parse_opt_date_option("--next-due", a.next_due);
  if (!next_due) {
    return fail(next_due.error());
  }
  auto date = parse_opt_date_option("--date", a.date);
  if (!date) {
    return fail(date.error());
  }
  const auto method = reg::parse_verify_method(a.method);
  const auto result = reg::parse_verify_result(a.result);
  if (!method || !result) {
    return fail(Error(ErrorCode::usage, "--method/--result"));
  }
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto v = r->find_vendor(a.vendor);
  if (!v) {
    return fail(v.error());
  }
  reg::Verification x;
  x.vendor_id = v->id;
  // A date in the future: the registry refuses it.
  x.verified_on = date->value_or(r->clock().today);
  x.method = *method;
  x.result = *result;
  x.evidence_path = a.evidence;
  x.note = a.note;
  x.next_due = *next_due;
  x.verified_by = r->by();
  auto added = r->add_verification(x);
  if (!added) {
    return fail(added.error());
  }
  auto status = r->vendor_status(v->id);
  if (!status) {
    return fail(status.error());
  }
  if (!added->next_due) {
    term::warning(tr("次回期限（--next-due）がないため、この確認は期限切れになりません",
                     "no --next-due: this verification will never fall due"));
  }
  done(tr("確認を記録しました: #", "recorded verification #") + std::to_string(added->id) + " " +
       v->name + " " + reg::label(added->result) +
       (added->evidence_sha256 ? " (sha256 " + added->evidence_sha256->substr(0, 12) + "…)" : "") +
       tr("。現在の状態: ", "; status now: ") + reg::label(status->status));
  return 0;
}

int verify_list(const RegistryOptions& ro, const VerifyArgs& a) {
  auto data = vendor_rows<reg::Verification>(
      ro, a.vendor, [](reg::Registry& r, std::optional<int64_t> v) { return r.list_verifications(v); });
  if (!data) {
    return fail(data.error());
  }
  const std::vector<reg::Verification>& list = data->rows;
  std::map<int64_t, std::string>& names = data->names;
  if (a.format == "json") {
    Json items = Json::array();
    for (const auto& x : list) {
      Json j = reg::to_json(x);
      j["vendor"] = names[x.vendor_id];
      items.push_back(std::move(j));
    }
    print_json(envelope("verifications", std::move(items)));
    return 0;
  }
  if (a.format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "vendor_id", "vendor", "verified_on", "method", "result", "next_due",
                     "verified_by", "evidence_path", "evidence_sha256", "note"});
    for (const auto& x : list) {
      text += csv_row({std::to_string(x.id), std::to_string(x.vendor_id), names[x.vendor_id],
                       reg::to_iso(x.verified_on), std::string(reg::name(x.method)),
                       std::string(reg::name(x.result)), x.next_due ? reg::to_iso(*x.next_due) : "",
                       x.verified_by, x.evidence_path.value_or(""), x.evidence_sha256.value_or(""),
                       x.note});
    }
    out(text);
    return 0;
  }
  Table t({"ID", tr("事業者", "VENDOR"), tr("確認日", "DATE"), tr("方法", "METHOD"),
           tr("結果", "RESULT"), tr("次回期限", "NEXT-DUE"), tr("確認者", "BY")});
  for (const auto& x : list) {
    t.add({std::to_string(x.id), names[x.vendor_id], reg::to_iso(x.verified_on),
           reg::label(x.method), reg::label(x.result), date_or_dash(x.next_due), x.verified_by});
  }
  if (!t.empty()) {
    out(t.render());
  }
  return 0;
}

// --- due ---

// Exit 1 when anything listed is overdue (a date passed, a vendor never verified), so that a
// scheduled task can act on it; 0 when nothing is, whatever else is coming up.
int vendor_due(const RegistryOptions& ro, const std::string& within, const std::string& format) {
  auto span = reg::parse_span(within);
  if (!span) {
    return fail(Error(span.error().code, "--within: " + span.error().message));
  }
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  const reg::Date until = reg::add_span(r->clock().today, *span);
  auto items = r->due(until);
  if (!items) {
    return fail(items.error());
  }
  const bool overdue = std::any_of(items->begin(), items->end(), reg::is_overdue);
  const int rc = overdue ? static_cast<int>(ExitCode::findings) : 0;
  if (format == "ics") {
    out(reg::due_calendar(*items, r->clock()));
    return rc;
  }
  if (format == "json") {
    Json list = Json::array();
    for (const auto& d : *items) {
      Json item = reg::to_json(d);
      item["overdue"] = reg::is_overdue(d);
      list.push_back(std::move(item));
    }
    Json j;
    j["format_version"] = k_format_version;
    j["today"] = reg::to_iso(r->clock().today);
    j["until"] = reg::to_iso(until);
    j["overdue"] = overdue;
    j["due"] = std::move(list);
    print_json(j);
    return rc;
  }
  if (format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"due", "days_left", "vendor_id", "vendor", "kind", "what"});
    for (const auto& d : *items) {
      text += csv_row({reg::to_iso(d.due), std::to_string(d.days_left), std::to_string(d.vendor_id),
                       d.vendor_name, reg::to_json(d)["kind"].get<std::string>(), d.what});
    }
    out(text);
    return rc;
  }
  if (items->empty()) {
    if (!globals().quiet) {
      std::fprintf(stderr, "%s\n",
                   (tr("期限の近いものはありません（", "nothing due until ") + reg::to_iso(until) +
                    tr(" まで）", ""))
                       .c_str());
    }
    return 0;
  }
  Table t({tr("期限", "DUE"), tr("残り", "LEFT"), tr("事業者", "VENDOR"), tr("内容", "WHAT")});
  for (const auto& d : *items) {
    t.add({reg::to_iso(d.due), days_text(d.days_left), d.vendor_name, d.what});
  }
  out(t.render());
  return rc;
}

// --- sub-contracting ---

struct SubArgs {
  std::string vendor;
  std::string subcontractor;
  std::string contract;
  std::optional<std::string> approved_on;
  std::string approval_doc;
  int64_t id = 0;
  std::string format;
};

int sub_add(const RegistryOptions& ro, const SubArgs& a) {
  auto approved = parse_opt_date_option("--approved-on", a.approved_on);
  if (!approved) {
    return fail(approved.error());
  }
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  auto parent = r->find_vendor(a.vendor);
  if (!parent) {
    return fail(parent.error());
  }
  auto child = r->find_vendor(a.subcontractor);
  if (!child) {
    return fail(child.error());
  }
  auto contract = r->resolve_contract(a.contract);
  if (!contract) {
    return fail(contract.error());
  }
  reg::Subcontract s;
  s.vendor_id = parent->id;
  s.subcontractor_id = child->id;
  s.contract = *contract;
  s.approved_on = *approved;
  s.approval_doc = a.approval_doc;
  auto added = r->add_subcontract(s);
  if (!added) {
    return fail(added.error());
  }
  if (!added->approved_on) {
    term::warning(tr("再委託の承認日がありません: 再委託には書面による事前承認が必要です [OUT-09]",
                     "no approval date: sub-contracting needs the body's prior written approval "
                     "[OUT-09]"));
  }
  done(tr("再委託を登録しました: #", "recorded sub-contracting #") + std::to_string(added->id) +
       " " + parent->name + " → " + child->name + " (" + added->contract.text + ")");
  return 0;
}

int sub_list(const RegistryOptions& ro, const SubArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::read_only);
  if (!r) {
    return fail(r.error());
  }
  auto subs = r->list_subcontracts();
  auto vendors = vendor_names(*r);
  if (!subs) {
    return fail(subs.error());
  }
  if (!vendors) {
    return fail(vendors.error());
  }
  std::map<int64_t, std::string>& names = *vendors;
  if (a.format == "json") {
    Json items = Json::array();
    for (const auto& s : *subs) {
      Json j = reg::to_json(s);
      j["vendor"] = names[s.vendor_id];
      j["subcontractor"] = names[s.subcontractor_id];
      items.push_back(std::move(j));
    }
    print_json(envelope("subcontracts", std::move(items)));
    return 0;
  }
  if (a.format == "csv") {
    std::string text(k_csv_bom);
    text += csv_row({"id", "contract", "contract_id", "vendor_id", "vendor", "subcontractor_id",
                     "subcontractor", "approved_on", "approval_doc"});
    for (const auto& s : *subs) {
      text += csv_row({std::to_string(s.id), s.contract.text,
                       s.contract.id ? std::to_string(*s.contract.id) : "",
                       std::to_string(s.vendor_id), names[s.vendor_id],
                       std::to_string(s.subcontractor_id), names[s.subcontractor_id],
                       s.approved_on ? reg::to_iso(*s.approved_on) : "", s.approval_doc});
    }
    out(text);
    return 0;
  }
  Table t({"ID", tr("契約", "CONTRACT"), tr("委託先", "VENDOR"), tr("再委託先", "SUBCONTRACTOR"),
           tr("承認日", "APPROVED"), tr("承認文書", "DOCUMENT")});
  for (const auto& s : *subs) {
    t.add({std::to_string(s.id), s.contract.text, names[s.vendor_id], names[s.subcontractor_id],
           date_or_dash(s.approved_on), s.approval_doc});
  }
  if (!t.empty()) {
    out(t.render());
  }
  return 0;
}

int sub_remove(const RegistryOptions& ro, const SubArgs& a) {
  auto r = open_registry(ro, reg::OpenMode::must_exist);
  if (!r) {
    return fail(r.error());
  }
  if (auto s = r->remove_subcontract(a.id); !s) {
    return fail(s.error());
  }
  done(tr("再委託の記録を削除しました: #", "removed sub-contracting #") + std::to_string(a.id));
  return 0;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::vector<std::string> v(names.begin(), names.end());
  return str::join(v, "|");
}

std::vector<std::string> strings(const std::vector<std::string_view>& names) {
  return {names.begin(), names.end()};
}

}  // namespace

int cmd_vendor(const Args& args) {
  CLI::App app(tr("委託事業者の台帳: 事業者・認証・確認・再委託・期限",
                  "vendors: certificates, verifications (確認), sub-contracting, what is due"),
               "keiyaku vendor");
  app.fallthrough();
  app.require_subcommand(1);
  RegistryOptions ro;
  add_registry_options(app, ro);
  app.footer(tr(
      "日付は 2026-04-01 のほか 令和8年4月1日、R8.4.1 も可。終了コード: 0 成功 / 1 due で期限超過・"
      "未確認あり / 2 入力の誤り",
      "dates: 2026-04-01, 令和8年4月1日 or R8.4.1. exit codes: 0 ok, 1 due: something overdue "
      "or never verified, 2 bad input"));
  int rc = 0;

  VendorArgs va;
  auto* add = app.add_subcommand("add", tr("事業者を登録する", "add a vendor"));
  add->add_option("--name", va.name, tr("事業者名", "vendor name"))->required();
  add->add_option("--corporate-number", va.corporate_number,
                  tr("法人番号（13桁、チェックデジット検証あり）",
                     "法人番号, 13 digits (check digit validated)"));
  add->add_option("--address", va.address, tr("所在地", "address"));
  add->add_option("--contact", va.contact, tr("連絡先", "contact"));
  add->callback([&] { rc = vendor_add(ro, va); });

  auto* list =
      app.add_subcommand("list", tr("事業者と状態の一覧", "list vendors and their status"));
  add_format_option(*list, va.format, {"text", "json", "csv"});
  list->callback([&] { rc = vendor_list(ro, va); });

  auto* show = app.add_subcommand(
      "show", tr("事業者の詳細（認証・確認・再委託の連鎖）",
                 "one vendor: certificates, verifications, sub-contracting chain"));
  show->add_option("vendor", va.key, tr("ID、名前または法人番号", "id, name or 法人番号"))
      ->required();
  add_format_option(*show, va.format, {"text", "json"});
  show->callback([&] { rc = vendor_show(ro, va); });

  auto* edit = app.add_subcommand("edit", tr("事業者を変更する", "change a vendor"));
  edit->add_option("vendor", va.key, tr("ID、名前または法人番号", "id, name or 法人番号"))
      ->required();
  edit->add_option("--name", va.name, tr("事業者名", "vendor name"));
  edit->add_option("--corporate-number", va.corporate_number,
                   tr("法人番号（空文字で削除）", "法人番号 (empty to clear)"));
  edit->add_option("--address", va.address, tr("所在地", "address"));
  edit->add_option("--contact", va.contact, tr("連絡先", "contact"));
  edit->callback([&] { rc = vendor_edit(ro, va); });

  auto* remove = app.add_subcommand("remove", tr("事業者を削除する", "remove a vendor"));
  remove->add_option("vendor", va.key, tr("ID、名前または法人番号", "id, name or 法人番号"))
      ->required();
  remove->add_flag("--force", va.force,
                   tr("契約・アカウントが参照していても削除する（参照は外れる）",
                      "remove even while contracts or accounts refer to it (they are unlinked)"));
  remove->callback([&] { rc = vendor_remove(ro, va); });

  CertArgs ca;
  auto* cert = app.add_subcommand("cert", tr("第三者認証（ISMS、ISMAP、Pマーク等）",
                                             "certificates (ISMS, ISMAP, PrivacyMark, ...)"));
  cert->require_subcommand(1);
  auto* cert_add_cmd = cert->add_subcommand("add", tr("認証を登録する", "add a certificate"));
  cert_add_cmd->add_option("vendor", ca.vendor, tr("事業者", "vendor"))->required();
  cert_add_cmd->add_option("--kind", ca.kind, joined(reg::cert_kind_names()))
      ->required()
      ->transform(value_names("cert", strings(reg::cert_kind_names())))
      ->check(CLI::IsMember(strings(reg::cert_kind_names())));
  cert_add_cmd->add_option("--number", ca.number, tr("認証・登録番号", "certificate number"))
      ->required();
  cert_add_cmd->add_option("--valid-from", ca.valid_from, tr("有効期間の開始日", "valid from"))
      ->required();
  cert_add_cmd->add_option("--valid-to", ca.valid_to,
                           tr("有効期限（省略時は種別の通常の期間から提案）",
                              "valid to (proposed from the kind's lifecycle when omitted)"));
  cert_add_cmd->add_option(
      "--audit-end", ca.audit_end,
      tr("ISMAP: 監査対象期間の末日（有効期限 = 末日から1年4か月）",
         "ISMAP: end of the audited period (valid until 1 year 4 months after)"));
  cert_add_cmd->add_option("--scope", ca.scope, tr("認証範囲", "scope"));
  cert_add_cmd->add_option("--issuer", ca.issuer, tr("認証機関", "issuer"));
  cert_add_cmd->callback([&] { rc = cert_add(ro, ca); });
  auto* cert_list_cmd = cert->add_subcommand("list", tr("認証の一覧", "list certificates"));
  cert_list_cmd->add_option("vendor", ca.vendor,
                            tr("事業者（省略時は全て）", "vendor (default: all)"));
  add_format_option(*cert_list_cmd, ca.format, {"text", "json", "csv"});
  cert_list_cmd->callback([&] { rc = cert_list(ro, ca); });
  auto* cert_remove_cmd =
      cert->add_subcommand("remove", tr("認証を削除する", "remove a certificate"));
  cert_remove_cmd->add_option("id", ca.id, "ID")->required();
  cert_remove_cmd->callback([&] { rc = cert_remove(ro, ca); });

  VerifyArgs ya;
  auto* verify = app.add_subcommand("verify", tr("確認（セキュリティ対策の確認）を記録する",
                                                 "record a verification (確認) of a vendor"));
  verify->add_option("vendor", ya.vendor, tr("事業者", "vendor"))->required();
  verify->add_option("--method", ya.method, joined(reg::verify_method_names()))
      ->required()
      ->transform(value_names("method", strings(reg::verify_method_names())))
      ->check(CLI::IsMember(strings(reg::verify_method_names())));
  verify->add_option("--result", ya.result, joined(reg::verify_result_names()))
      ->required()
      ->transform(value_names("result", strings(reg::verify_result_names())))
      ->check(CLI::IsMember(strings(reg::verify_result_names())));
  verify->add_option("--date", ya.date,
                     tr("確認日（既定: 今日）", "date verified (default: today)"));
  verify->add_option("--evidence", ya.evidence,
                     tr("証跡ファイル（SHA-256 を記録、ファイルは複製しない）",
                        "evidence file (its SHA-256 is recorded; the file is not copied)"));
  verify->add_option("--note", ya.note, tr("備考", "note"));
  verify->add_option("--next-due", ya.next_due, tr("次回の確認期限", "next verification due"));
  verify->callback([&] { rc = verify_add(ro, ya); });

  auto* verifs = app.add_subcommand("verifications", tr("確認の記録の一覧", "list verifications"));
  verifs->add_option("vendor", ya.vendor, tr("事業者（省略時は全て）", "vendor (default: all)"));
  add_format_option(*verifs, ya.format, {"text", "json", "csv"});
  verifs->callback([&] { rc = verify_list(ro, ya); });

  std::string within = "30d";
  std::string due_format;
  auto* due = app.add_subcommand(
      "due",
      tr("近く確認・更新が必要なもの（期限順）。期限超過・未確認があれば終了コード1",
         "what needs verifying or renewing soon, soonest first (exit 1 when anything is overdue)"));
  due->add_option("--within", within,
                  tr("期間（既定 30d。例: 2w, 3m, 1y）", "window (default 30d; 2w, 3m, 1y)"));
  add_format_option(*due, due_format, {"text", "json", "csv", "ics"});
  due->callback([&] { rc = vendor_due(ro, within, due_format); });

  SubArgs sa;
  auto* sub = app.add_subcommand("subcontract", tr("再委託先の記録", "sub-contractors (再委託)"));
  sub->alias("sub");
  sub->require_subcommand(1);
  auto* sub_add_cmd = sub->add_subcommand("add", tr("再委託を記録する", "record a sub-contractor"));
  sub_add_cmd->add_option("vendor", sa.vendor, tr("委託先（元請）", "the contractor"))->required();
  sub_add_cmd->add_option("subcontractor", sa.subcontractor, tr("再委託先", "its sub-contractor"))
      ->required();
  sub_add_cmd
      ->add_option("--contract", sa.contract,
                   tr("契約（台帳の契約ID、パス、または契約番号などの参照文字列）",
                      "the contract: id in the registry, path, or a free reference"))
      ->required();
  sub_add_cmd->add_option("--approved-on", sa.approved_on,
                          tr("承認日", "date of the body's approval"));
  sub_add_cmd->add_option("--approval-doc", sa.approval_doc, tr("承認文書", "approval document"));
  sub_add_cmd->callback([&] { rc = sub_add(ro, sa); });
  auto* sub_list_cmd = sub->add_subcommand("list", tr("再委託の一覧", "list sub-contracting"));
  add_format_option(*sub_list_cmd, sa.format, {"text", "json", "csv"});
  sub_list_cmd->callback([&] { rc = sub_list(ro, sa); });
  auto* sub_remove_cmd =
      sub->add_subcommand("remove", tr("再委託の記録を削除する", "remove a record"));
  sub_remove_cmd->add_option("id", sa.id, "ID")->required();
  sub_remove_cmd->callback([&] { rc = sub_remove(ro, sa); });

  if (const int r = parse(app, args); r >= 0) {
    return r;
  }
  return rc;
}

}  // namespace keiyaku::cli
