#pragma once

// Internal to registry/: the column lists and row readers of the ledger tables, and the small
// helpers the ledger files share. Nothing outside src/registry includes it.

#include "db.hpp"
#include "json.hpp"

#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <registry/model.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::registry {

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
    "created_by, sha256";

inline Date read_date(const Statement& st, int i) {
  auto d = parse_date(st.column_text(i));
  return d ? *d : Date{};
}

inline std::optional<Date> read_opt_date(const Statement& st, int i) {
  if (st.column_is_null(i)) {
    return std::nullopt;
  }
  return read_date(st, i);
}

inline std::optional<std::string> opt_iso(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(to_iso(*d)) : std::nullopt;
}

inline Vendor read_vendor(const Statement& st) {
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

inline Certificate read_cert(const Statement& st) {
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

inline Verification read_verif(const Statement& st) {
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

inline Contract read_contract(const Statement& st) {
  Contract c;
  c.id = st.column_int(0);
  c.path = st.column_text(1);
  c.sha256 = st.column_text(2);
  c.title = st.column_text(3);
  c.vendor_id = st.column_opt_int(4);
  c.created_at = st.column_text(5);
  return c;
}

inline Subcontract read_sub(const Statement& st) {
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

inline Account read_account(const Statement& st) {
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

inline Waiver read_waiver(const Statement& st) {
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
  w.sha256 = st.column_text(9);
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

/// 64 hexadecimal digits, in either case.
inline bool is_sha256(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

inline bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

inline std::string trimmed(std::string_view s) {
  return std::string(str::trim(s));
}

inline Error invalid(std::string message) {
  return Error(ErrorCode::invalid_input, std::move(message));
}

inline std::string in_quotes(std::string_view s) {
  return "'" + std::string(s) + "'";
}

inline std::string did_you_mean(std::string_view key, const std::vector<std::string>& names) {
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

inline std::string suggest(std::string_view key, const std::vector<std::string>& names) {
  const std::string guess = did_you_mean(key, names);
  if (guess.empty()) {
    return {};
  }
  return tr("（もしかして: ", " (did you mean '") + guess + tr("）", "'?)");
}

inline bool is_http_url(std::string_view s) {
  const std::string lower = str::to_lower_ascii(s.substr(0, 8));
  return (str::starts_with(lower, "https://") && s.size() > 8) ||
         (str::starts_with(lower, "http://") && s.size() > 7);
}

inline Expected<std::string> file_sha256(const std::string& path) {
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

inline std::optional<std::string> dump(const Json& j) {
  return j.dump();
}

}  // namespace keiyaku::registry
