#pragma once

// The accounts of the workspace (schema 003): who may sign in to `keiyaku serve` and with which
// role. Passwords are stored only as hash strings made by the caller (serve/password.hpp); this
// module never sees a password. Every change is written to the history, without the hash.
//
// Threads: a UserStore works on the connection of the Registry it was made from (one thread at a
// time, as the Registry).

#include <base/expected.hpp>
#include <registry/registry.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::registry {

/// What a user may do: viewers read; reviewers also upload and edit ledgers; approvers also
/// record waivers (例外承認); admins also manage users.
enum class Role { viewer, reviewer, approver, admin };

/// "viewer", "reviewer", "approver", "admin".
std::string_view name(Role role);
std::optional<Role> parse_role(std::string_view text);
/// 閲覧者 / 審査担当 / 承認者 / 管理者 (or English).
std::string label(Role role);
/// True when `role` may do what `needed` may.
bool at_least(Role role, Role needed);

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::viewer;
  bool disabled = false;
  std::string created_at;
  std::string updated_at;
};

/// A user with the stored hash, for signing in.
struct UserSecret {
  User user;
  std::string password_hash;
};

/// A user name: 1 to 64 bytes of UTF-8 without spaces or control characters.
Status validate_user_name(std::string_view name);

class UserStore {
 public:
  /// Works on `registry`'s connection: `registry` must outlive the store.
  explicit UserStore(Registry& registry);

  /// Refuses a name already taken (ErrorCode::conflict) and a hash that is not argon2id.
  Expected<User> add(const std::string& name, Role role, const std::string& password_hash);
  Expected<User> set_role(const std::string& name, Role role);
  Expected<User> set_password(const std::string& name, const std::string& password_hash);
  Expected<User> set_disabled(const std::string& name, bool disabled);
  /// By name.
  Expected<std::vector<User>> list();
  /// The user and its hash; nullopt when there is no such user.
  Expected<std::optional<UserSecret>> find(const std::string& name);
  /// How many users there are (enabled or not).
  Expected<int64_t> count();

 private:
  Registry& m_registry;
};

}  // namespace keiyaku::registry
