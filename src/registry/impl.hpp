#pragma once

// Internal to registry/: the state behind a Registry (its connection and options) and the
// queries the ledgers share.

#include "history.hpp"
#include "rows.hpp"
#include "sns_rules.hpp"
#include "status.hpp"

#include <registry/registry.hpp>

#include <map>
#include <utility>

namespace keiyaku::registry {

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

}  // namespace keiyaku::registry
