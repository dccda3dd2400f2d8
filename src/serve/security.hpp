#pragma once

// The secrets of the workspace: argon2id password hashes and random tokens (libsodium), the
// sessions of signed-in users with their CSRF tokens, and the limit on failed sign-ins. No
// libsodium type is visible here.

#include <base/expected.hpp>
#include <registry/users.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace keiyaku::serve {

/// Starts libsodium; call once before anything below (idempotent, thread-safe).
Status init_crypto();

/// An argon2id hash string ("$argon2id$v=19$m=...") of `password`, salted, with libsodium's
/// interactive limits. Refuses an empty password and one longer than 1,024 bytes.
Expected<std::string> hash_password(std::string_view password);
/// True when `password` matches the hash string (argon2id only).
bool verify_password(std::string_view password, const std::string& hash);
/// A password the workspace accepts: 10 to 1,024 bytes.
Status validate_password(std::string_view password);

/// `bytes` random bytes (libsodium's CSPRNG) as lower-case hex.
std::string random_token(size_t bytes = 32);
/// Compares two strings in time that depends only on their lengths.
bool same_secret(std::string_view a, std::string_view b);

using Clock = std::chrono::steady_clock;

/// A signed-in user.
struct Session {
  std::string id;  ///< the cookie's value
  std::string user;
  registry::Role role = registry::Role::viewer;
  std::string csrf;  ///< the token every form of this session carries
  Clock::time_point created;
  Clock::time_point last_seen;
};

/// The sessions of the server, in memory: a restart signs everybody out. A session ends after
/// `idle` without a request or `lifetime` after sign-in, whichever comes first. Thread-safe.
class Sessions {
 public:
  Sessions(std::chrono::seconds idle, std::chrono::seconds lifetime, size_t max_sessions = 10000);
  /// A new session; the oldest is dropped when there are max_sessions already.
  Session create(const std::string& user, registry::Role role, Clock::time_point now);
  /// The live session with this id (and marks it seen), or nullopt.
  std::optional<Session> find(std::string_view id, Clock::time_point now);
  void remove(std::string_view id);
  /// Ends every session of `user` (disabled, role changed).
  void remove_user(const std::string& user);
  size_t size();

 private:
  std::mutex m_mutex;
  std::map<std::string, Session, std::less<>> m_sessions;
  std::chrono::seconds m_idle;
  std::chrono::seconds m_lifetime;
  size_t m_max;
};

/// Failed sign-ins by key (the user name, and separately the client's address): after
/// `max_failures` within `window`, further attempts are refused until `window` has passed since the
/// last failure. A success clears the key. Thread-safe.
class LoginLimiter {
 public:
  LoginLimiter(int max_failures, std::chrono::seconds window);
  bool allowed(const std::string& key, Clock::time_point now);
  void failed(const std::string& key, Clock::time_point now);
  void succeeded(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point last;
  };
  std::mutex m_mutex;
  std::map<std::string, Entry> m_entries;
  int m_max;
  std::chrono::seconds m_window;
};

}  // namespace keiyaku::serve
