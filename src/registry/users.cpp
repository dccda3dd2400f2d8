#include "users.hpp"

#include "db.hpp"
#include "history.hpp"
#include "json.hpp"

#include <base/i18n.hpp>

#include <utility>

namespace keiyaku::registry {

namespace {

constexpr const char* k_user_cols =
    "id, name, role, disabled, created_at, updated_at, password_hash";

User read_user(const Statement& st) {
  User u;
  u.id = st.column_int(0);
  u.name = st.column_text(1);
  u.role = parse_role(st.column_text(2)).value_or(Role::viewer);
  u.disabled = st.column_int(3) != 0;
  u.created_at = st.column_text(4);
  u.updated_at = st.column_text(5);
  return u;
}

Json user_json(const User& u) {
  Json j;
  j["id"] = u.id;
  j["name"] = u.name;
  j["role"] = std::string(name(u.role));
  j["disabled"] = u.disabled;
  return j;
}

Status check_hash(const std::string& hash) {
  if (hash.rfind("$argon2id$", 0) != 0) {
    return Error(ErrorCode::invalid_input, tr("パスワードのハッシュが argon2id ではありません",
                                              "the password hash is not argon2id"));
  }
  return {};
}

Expected<std::optional<UserSecret>> find_in(Db& db, const std::string& user_name) {
  auto st = db.prepare(std::string("SELECT ") + k_user_cols + " FROM users WHERE name = ?1");
  if (!st) {
    return st.error();
  }
  st->bind(1, user_name);
  auto row = st->step();
  if (!row) {
    return row.error();
  }
  if (!*row) {
    return std::optional<UserSecret>();
  }
  UserSecret s{read_user(*st), st->column_text(6)};
  return std::optional<UserSecret>(std::move(s));
}

Error unknown_user(const std::string& user_name) {
  return Error(ErrorCode::not_found, tr("不明な利用者です: ", "unknown user: ") + user_name);
}

}  // namespace

std::string_view name(Role role) {
  switch (role) {
    case Role::viewer:
      return "viewer";
    case Role::reviewer:
      return "reviewer";
    case Role::approver:
      return "approver";
    case Role::admin:
      return "admin";
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : {Role::viewer, Role::reviewer, Role::approver, Role::admin}) {
    if (text == name(r)) {
      return r;
    }
  }
  return std::nullopt;
}

std::string label(Role role) {
  switch (role) {
    case Role::viewer:
      return tr("閲覧者", "viewer");
    case Role::reviewer:
      return tr("審査担当", "reviewer");
    case Role::approver:
      return tr("承認者", "approver");
    case Role::admin:
      return tr("管理者", "administrator");
  }
  return "";
}

bool at_least(Role role, Role needed) {
  return static_cast<int>(role) >= static_cast<int>(needed);
}

Status validate_user_name(std::string_view user_name) {
  if (user_name.empty() || user_name.size() > 64) {
    return Error(ErrorCode::invalid_input,
                 tr("利用者名は1〜64バイトにしてください", "a user name takes 1 to 64 bytes"));
  }
  for (unsigned char c : user_name) {
    if (c <= 0x20 || c == 0x7F) {
      return Error(ErrorCode::invalid_input,
                   tr("利用者名に空白や制御文字は使えません",
                      "a user name cannot hold spaces or control characters"));
    }
  }
  return {};
}

UserStore::UserStore(Registry& registry) : m_registry(registry) {}

Expected<User> UserStore::add(const std::string& user_name,
                              Role role,
                              const std::string& password_hash) {
  if (auto s = validate_user_name(user_name); !s) {
    return s.error();
  }
  if (auto s = check_hash(password_hash); !s) {
    return s.error();
  }
  Db& db = m_registry.db();
  auto tx = Transaction::begin(db);
  if (!tx) {
    return tx.error();
  }
  auto existing = find_in(db, user_name);
  if (!existing) {
    return existing.error();
  }
  if (*existing) {
    return Error(ErrorCode::conflict,
                 tr("その利用者名は使われています: ", "user already exists: ") + user_name);
  }
  const std::string& now = m_registry.clock().timestamp;
  auto st = db.prepare(
      "INSERT INTO users (name, role, password_hash, disabled, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, 0, ?4, ?4)");
  if (!st) {
    return st.error();
  }
  st->bind(1, user_name).bind(2, name(role)).bind(3, password_hash).bind(4, now);
  if (auto s = st->run(); !s) {
    return s.error();
  }
  User u{db.last_insert_rowid(), user_name, role, false, now, now};
  if (auto s = append_history(db, now, m_registry.by(), "user", u.id, "add", std::nullopt,
                              user_json(u).dump());
      !s) {
    return s.error();
  }
  if (auto s = tx->commit(); !s) {
    return s.error();
  }
  return u;
}

namespace {

// One change to one user, with its history row, in one transaction.
template <typename Apply>
Expected<User> change(Registry& registry,
                      Db& db,
                      const std::string& user_name,
                      const char* action,
                      const char* sql,
                      Apply bind_values) {
  auto tx = Transaction::begin(db);
  if (!tx) {
    return tx.error();
  }
  auto existing = find_in(db, user_name);
  if (!existing) {
    return existing.error();
  }
  if (!*existing) {
    return unknown_user(user_name);
  }
  const std::string& now = registry.clock().timestamp;
  auto st = db.prepare(sql);
  if (!st) {
    return st.error();
  }
  bind_values(*st);
  st->bind(8, now).bind(9, (*existing)->user.id);
  if (auto s = st->run(); !s) {
    return s.error();
  }
  auto after = find_in(db, user_name);
  if (!after) {
    return after.error();
  }
  const User& before = (*existing)->user;
  const User& now_user = (*after)->user;
  if (auto s = append_history(db, now, registry.by(), "user", before.id, action,
                              user_json(before).dump(), user_json(now_user).dump());
      !s) {
    return s.error();
  }
  if (auto s = tx->commit(); !s) {
    return s.error();
  }
  return now_user;
}

}  // namespace

Expected<User> UserStore::set_role(const std::string& user_name, Role role) {
  return change(m_registry, m_registry.db(), user_name, "edit",
                "UPDATE users SET role = ?1, updated_at = ?8 WHERE id = ?9",
                [&](Statement& st) { st.bind(1, name(role)); });
}

Expected<User> UserStore::set_password(const std::string& user_name,
                                       const std::string& password_hash) {
  if (auto s = check_hash(password_hash); !s) {
    return s.error();
  }
  return change(m_registry, m_registry.db(), user_name, "set-password",
                "UPDATE users SET password_hash = ?1, updated_at = ?8 WHERE id = ?9",
                [&](Statement& st) { st.bind(1, password_hash); });
}

Expected<User> UserStore::set_disabled(const std::string& user_name, bool disabled) {
  return change(m_registry, m_registry.db(), user_name, disabled ? "disable" : "enable",
                "UPDATE users SET disabled = ?1, updated_at = ?8 WHERE id = ?9",
                [&](Statement& st) { st.bind(1, disabled); });
}

Expected<std::vector<User>> UserStore::list() {
  auto st =
      m_registry.db().prepare(std::string("SELECT ") + k_user_cols + " FROM users ORDER BY name");
  if (!st) {
    return st.error();
  }
  std::vector<User> out;
  if (auto s = st->each_row([&](const Statement& row) { out.push_back(read_user(row)); }); !s) {
    return s.error();
  }
  return out;
}

Expected<std::optional<UserSecret>> UserStore::find(const std::string& user_name) {
  return find_in(m_registry.db(), user_name);
}

Expected<int64_t> UserStore::count() {
  return m_registry.db().query_int("SELECT count(*) FROM users");
}

}  // namespace keiyaku::registry
