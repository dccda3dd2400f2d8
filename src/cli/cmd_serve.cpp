// keiyaku serve: the workspace in the browser (docs/serve.md). Parses the options, loads the
// engine once, runs the server until SIGINT or SIGTERM.

#include "command.hpp"
#include "registry_common.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <base/term.hpp>
#include <review/review.hpp>

#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <serve/server.hpp>

namespace keiyaku::cli {

namespace {

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces are never the default).
Expected<std::pair<std::string, int>> parse_listen(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return Error(
        ErrorCode::usage,
        "--listen: " + text + ": " + tr("ホスト:ポート の形で指定してください", "give HOST:PORT"));
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port_text = text.substr(colon + 1);
  int port = -1;
  if (!port_text.empty() && port_text.size() <= 5 &&
      port_text.find_first_not_of("0123456789") == std::string::npos) {
    port = std::stoi(port_text);
  }
  if (host.empty() || port < 0 || port > 65535) {
    return Error(
        ErrorCode::usage,
        "--listen: " + text + ": " + tr("ホスト:ポート の形で指定してください", "give HOST:PORT"));
  }
  return std::make_pair(host, port);
}

}  // namespace

int cmd_serve(const Args& args) {
  CLI::App app(tr("ブラウザから使う作業画面（審査・契約一覧・台帳・履歴）を提供する",
                  "Serve the workspace in the browser: review, archive, ledgers, history"),
               "keiyaku serve");
  std::string db;
  app.add_option("--db", db,
                 tr("台帳データベース（既定: $KEIYAKU_DB、なければ ./keiyaku.db）",
                    "registry database (default: $KEIYAKU_DB, else ./keiyaku.db)"));
  std::string listen = "127.0.0.1:8080";
  serve::Options o;
  std::string requirements_dir;
  int max_upload_mb = 32;
  app.add_option("--listen", listen,
                 tr("待ち受けるアドレスとポート（既定 127.0.0.1:8080）",
                    "address and port (default 127.0.0.1:8080)"));
  app.add_option(
      "--files", o.data_dir,
      tr("アップロードした契約書と証跡を置くフォルダ（既定: 台帳と同じ場所の keiyaku-files）",
         "folder for uploaded contracts and evidence (default: keiyaku-files beside the "
         "registry)"));
  app.add_option("--requirements", requirements_dir, tr("要件フォルダ", "requirements directory"));
  app.add_option("--workers", o.workers,
                 tr("ワーカースレッド数（既定 8）", "worker threads (default 8)"))
      ->check(CLI::Range(1, 256));
  app.add_option("--max-upload-mb", max_upload_mb,
                 tr("アップロードの上限 MB（既定 32）", "upload limit in MB (default 32)"))
      ->check(CLI::Range(1, 256));
  app.add_option("--session-hours", o.session_hours,
                 tr("ログインの有効時間（既定 8）", "hours a sign-in lasts (default 8)"))
      ->check(CLI::Range(1, 24));
  app.add_flag("--secure-cookie", o.secure_cookie,
               tr("Cookie に Secure を付ける（TLS の逆プロキシの後ろで使うとき）",
                  "mark cookies Secure (behind a TLS reverse proxy)"));
  app.add_option(
      "--tls-cert", o.tls_cert,
      tr("HTTPS で直接待ち受けるときの証明書（PEM）", "certificate (PEM) to serve HTTPS directly"));
  app.add_option("--tls-key", o.tls_key, tr("その秘密鍵（PEM）", "its private key (PEM)"));
  app.footer(tr("利用者は keiyaku user add で作成します。詳しくは docs/serve.md。",
                "create accounts with keiyaku user add; see docs/serve.md"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return fail(Error(ErrorCode::usage, tr("--tls-cert と --tls-key は両方指定してください",
                                           "give both --tls-cert and --tls-key")));
  }
  auto hp = parse_listen(listen);
  if (!hp) {
    return fail(hp.error());
  }
  o.host = hp->first;
  o.port = hp->second;
  o.db = resolve_db_path(db);
  o.requirements_dir = requirements_dir;
  o.max_upload = static_cast<size_t>(max_upload_mb) << 20U;
  // The pages are Japanese (src/serve/templates); the messages on them follow, whatever LANG says.
  set_ui_lang(Lang::ja);

  // SIGINT and SIGTERM are taken by this thread alone (sigwait), the server's threads never see
  // them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto engine = review::Engine::load({requirements_dir});
  if (!engine) {
    return fail(engine.error());
  }
  auto server = serve::Server::start(o, *engine);
  if (!server) {
    return fail(server.error());
  }
  std::fprintf(
      stdout, "keiyaku serve: %s://%s:%d/\n", o.tls_cert.empty() ? "http" : "https",
      o.host.find(':') != std::string::npos ? ("[" + o.host + "]").c_str() : o.host.c_str(),
      (*server)->port());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop_signals, &sig);
  (*server)->stop();
  return static_cast<int>(ExitCode::ok);
}

}  // namespace keiyaku::cli
