#pragma once

// keiyaku serve: the workspace in the browser. An HTTP server (cpp-httplib) on a bounded pool of
// worker threads that renders Japanese pages on the server: reviewing an uploaded draft, the
// archive of reviews in the registry, the vendor and SNS ledgers, the history with `db verify`'s
// result, and the accounts. Every page needs a signed-in user; every change needs a role and a
// CSRF token and is written to the registry's history under the user's name. docs/serve.md.

#include <base/expected.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

namespace keiyaku::review {
class Engine;
}

namespace keiyaku::serve {

struct Options {
  std::string db = "keiyaku.db";  ///< the registry (created and migrated when missing)
  std::string host = "127.0.0.1";
  int port = 8080;                 ///< 0: any free port (tests)
  std::string data_dir;            ///< uploaded drafts and evidence; "" = beside the db
  std::string requirements_dir;    ///< "" = catalog::default_dir()
  size_t max_upload = 32U << 20U;  ///< bytes of one request body
  unsigned workers = 8;            ///< worker threads
  size_t queue = 64;               ///< connections waiting for a worker before accept() waits
  int session_idle_minutes = 30;
  int session_hours = 8;
  bool secure_cookie = false;  ///< add Secure to cookies (behind TLS)
  std::string tls_cert;        ///< PEM files: serve HTTPS directly when both are given
  std::string tls_key;
};

/// A running server. Made by start(); stop() (or the destructor) ends it.
class Server {
 public:
  /// Binds (a busy port is ErrorCode::io naming it), then serves on a thread of its own.
  /// `engine` must outlive the server.
  static Expected<std::unique_ptr<Server>> start(const Options& options,
                                                 const review::Engine& engine);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The port it listens on (the one chosen when Options::port was 0).
  int port() const;
  /// Blocks until stop() is called from another thread (or a signal handler's thread).
  void wait();
  void stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace keiyaku::serve
