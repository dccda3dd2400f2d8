#include "security.hpp"

#include <base/i18n.hpp>

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace keiyaku::serve {

namespace {

constexpr size_t k_min_password = 10;
constexpr size_t k_max_password = 1024;

}  // namespace

Status init_crypto() {
  if (sodium_init() < 0) {
    return Error(ErrorCode::internal,
                 tr("libsodium を初期化できません", "cannot initialise libsodium"));
  }
  return {};
}

Status validate_password(std::string_view password) {
  if (password.size() < k_min_password) {
    return Error(ErrorCode::invalid_input, tr("パスワードは10バイト以上にしてください",
                                              "a password needs at least 10 bytes"));
  }
  if (password.size() > k_max_password) {
    return Error(ErrorCode::invalid_input, tr("パスワードが長すぎます（1,024バイトまで）",
                                              "a password takes at most 1,024 bytes"));
  }
  return {};
}

Expected<std::string> hash_password(std::string_view password) {
  if (password.empty() || password.size() > k_max_password) {
    return Error(ErrorCode::invalid_input, tr("パスワードの長さが不正です", "bad password length"));
  }
  std::vector<char> out(crypto_pwhash_STRBYTES);
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error(ErrorCode::internal, tr("パスワードのハッシュを作れません（メモリ不足）",
                                         "cannot hash the password (out of memory)"));
  }
  return std::string(out.data());
}

bool verify_password(std::string_view password, const std::string& hash) {
  if (hash.rfind("$argon2id$", 0) != 0 || password.size() > k_max_password) {
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.resize(bytes * 2);
  return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) {
    return false;
  }
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// --- Sessions ---

Sessions::Sessions(std::chrono::seconds idle, std::chrono::seconds lifetime, size_t max_sessions)
    : m_idle(idle), m_lifetime(lifetime), m_max(std::max<size_t>(max_sessions, 1)) {}

Session Sessions::create(const std::string& user, registry::Role role, Clock::time_point now) {
  Session s{random_token(), user, role, random_token(), now, now};
  std::lock_guard lock(m_mutex);
  while (m_sessions.size() >= m_max) {
    auto oldest = std::min_element(
        m_sessions.begin(), m_sessions.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    m_sessions.erase(oldest);
  }
  m_sessions.emplace(s.id, s);
  return s;
}

std::optional<Session> Sessions::find(std::string_view id, Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  auto it = m_sessions.find(id);
  if (it == m_sessions.end()) {
    return std::nullopt;
  }
  Session& s = it->second;
  if (now - s.last_seen > m_idle || now - s.created > m_lifetime) {
    m_sessions.erase(it);
    return std::nullopt;
  }
  s.last_seen = now;
  return s;
}

void Sessions::remove(std::string_view id) {
  std::lock_guard lock(m_mutex);
  if (auto it = m_sessions.find(id); it != m_sessions.end()) {
    m_sessions.erase(it);
  }
}

void Sessions::remove_user(const std::string& user) {
  std::lock_guard lock(m_mutex);
  std::erase_if(m_sessions, [&](const auto& kv) { return kv.second.user == user; });
}

size_t Sessions::size() {
  std::lock_guard lock(m_mutex);
  return m_sessions.size();
}

// --- LoginLimiter ---

LoginLimiter::LoginLimiter(int max_failures, std::chrono::seconds window)
    : m_max(max_failures), m_window(window) {}

bool LoginLimiter::allowed(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  auto it = m_entries.find(key);
  if (it == m_entries.end()) {
    return true;
  }
  if (now - it->second.last > m_window) {
    m_entries.erase(it);
    return true;
  }
  return it->second.failures < m_max;
}

void LoginLimiter::failed(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  if (m_entries.size() > 100000) {  // bounded: forget the stale ones
    std::erase_if(m_entries, [&](const auto& kv) { return now - kv.second.last > m_window; });
  }
  Entry& e = m_entries[key];
  if (now - e.last > m_window) {
    e.failures = 0;
  }
  ++e.failures;
  e.last = now;
}

void LoginLimiter::succeeded(const std::string& key) {
  std::lock_guard lock(m_mutex);
  m_entries.erase(key);
}

}  // namespace keiyaku::serve
