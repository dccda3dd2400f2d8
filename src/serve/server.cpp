#include "server.hpp"

#include "security.hpp"
#include "templates.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <base/thread_lang.hpp>
#include <catalog/catalog.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>
#include <registry/users.hpp>
#include <report/annotate.hpp>
#include <report/report.hpp>
#include <review/review.hpp>
#include <text/normalize.hpp>

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <batch/batch.hpp>
#include <batch/report_data.hpp>
#include <batch/vendors.hpp>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <optional>
#include <profile/profile.hpp>
#include <set>
#include <thread>

#ifndef KY_VERSION
#define KY_VERSION "0.0.0"
#endif

namespace keiyaku::serve {

namespace {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;
namespace reg = keiyaku::registry;
using httplib::Request;
using httplib::Response;
using reg::Role;

constexpr const char* k_session_cookie = "ky_session";
constexpr const char* k_login_cookie = "ky_login";
constexpr const char* k_lang_cookie = "ky_lang";
constexpr const char* k_html = "text/html; charset=utf-8";
constexpr size_t k_archive_rows = 200;
constexpr size_t k_history_rows = 300;
constexpr size_t k_print_contracts = 50;

// --- The worker pool: a fixed number of threads and a bounded queue. When the queue is full the
// accepting thread waits, so further connections wait in the kernel's backlog instead of piling
// up in memory. ---
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(unsigned threads, size_t queue) : m_max(std::max<size_t>(queue, 1)) {
    for (unsigned i = 0; i < std::max(threads, 1U); ++i) {
      m_threads.emplace_back([this] { work(); });
    }
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(m_mutex);
    m_room.wait(lock, [&] { return m_jobs.size() < m_max || m_shutdown; });
    if (m_shutdown) {
      return;
    }
    m_jobs.push_back(std::move(fn));
    m_ready.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(m_mutex);
      m_shutdown = true;
    }
    m_ready.notify_all();
    m_room.notify_all();
    for (std::thread& t : m_threads) {
      t.join();
    }
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
        if (m_jobs.empty()) {
          return;
        }
        fn = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_room.notify_one();
      }
      fn();
    }
  }
  size_t m_max;
  std::vector<std::thread> m_threads;
  std::deque<std::function<void()>> m_jobs;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::condition_variable m_room;
  bool m_shutdown = false;
};

// --- Small helpers ---

std::string cookie_value(const Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  for (std::string_view part : str::split(header, ';')) {
    part = str::trim(part);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
  }
  return "";
}

// The page language a browser's Accept-Language prefers among the two the server writes: the
// tag with the highest q whose primary subtag is ja or en (the first of equals), else none.
std::optional<Lang> accepted_lang(std::string_view header) {
  std::optional<Lang> best;
  double best_q = 0;
  for (std::string_view item : str::split(header, ',')) {
    std::vector<std::string_view> parts = str::split(item, ';');
    if (parts.empty()) {
      continue;
    }
    std::string tag = str::to_lower_ascii(str::trim(parts[0]));
    tag = tag.substr(0, tag.find('-'));
    double q = 1;
    for (size_t i = 1; i < parts.size(); ++i) {
      std::string_view p = str::trim(parts[i]);
      if (p.substr(0, 2) == "q=" || p.substr(0, 2) == "Q=") {
        q = std::strtod(std::string(p.substr(2)).c_str(), nullptr);
      }
    }
    if ((tag == "ja" || tag == "en") && q > best_q) {
      best_q = q;
      best = tag == "ja" ? Lang::ja : Lang::en;
    }
  }
  return best;
}

// The path of the page being answered, for the language switch in the layout ("" on a POST,
// whose page cannot be asked for again with a GET).
thread_local std::string t_page_path;

// A form field, from a urlencoded body or a multipart one.
std::string field(const Request& req, const std::string& name) {
  if (req.has_param(name.c_str())) {
    return req.get_param_value(name.c_str());
  }
  if (req.has_file(name.c_str())) {
    return req.get_file_value(name.c_str()).content;
  }
  return "";
}

std::vector<std::string> fields(const Request& req, const std::string& name) {
  std::vector<std::string> out;
  const size_t n = req.get_param_value_count(name.c_str());
  for (size_t i = 0; i < n; ++i) {
    out.push_back(req.get_param_value(name.c_str(), i));
  }
  auto range = req.files.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) {
    out.push_back(it->second.content);
  }
  return out;
}

std::optional<std::string> opt_field(const Request& req, const std::string& name) {
  std::string v = std::string(str::trim(field(req, name)));
  if (v.empty()) {
    return std::nullopt;
  }
  return v;
}

std::string query(const Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

std::optional<int64_t> to_id(std::string_view s) {
  if (s.empty() || s.size() > 18) {
    return std::nullopt;
  }
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

// Now in UTC as Word writes comment dates: 2026-04-01T00:30:00Z.
std::string utc_now() {
  char buf[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string date_text(const std::optional<reg::Date>& d) {
  return d ? reg::to_iso(*d) : "—";
}

// The name an upload is recorded and shown under: the last component of what the browser sent,
// valid UTF-8, no control characters, at most 200 bytes. Never used as a path on the server.
std::string upload_name(const std::string& sent) {
  std::string name = sent;
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  if (!str::valid_utf8(name)) {
    name.clear();
  }
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
      out += c;
    }
  }
  while (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    out.resize(cut);
  }
  return out.empty() || out == "." || out == ".." ? std::string("upload") : out;
}

struct Conclusion {
  std::string key;  // failed | contradicted | missing | weak | satisfied
  std::string label;
};

std::string conclusion_label(std::string_view key) {
  if (key == "failed") {
    return tr("読み込み失敗", "could not be read");
  }
  if (key == "contradicted") {
    return tr("矛盾する条項あり", "contradicting clauses");
  }
  if (key == "missing") {
    return tr("欠落あり", "requirements missing");
  }
  if (key == "weak") {
    return tr("要確認（不十分）", "to check (weak)");
  }
  return tr("すべて充足", "all satisfied");
}

Conclusion conclusion_of(bool failed, const reg::StoredCounts& c) {
  const char* key = failed               ? "failed"
                    : c.contradicted > 0 ? "contradicted"
                    : c.missing > 0      ? "missing"
                    : c.weak > 0         ? "weak"
                                         : "satisfied";
  return {key, conclusion_label(key)};
}

const std::vector<std::string>& status_keys() {
  static const std::vector<std::string> k{"satisfied", "weak", "contradicted", "missing",
                                          "not_applicable"};
  return k;
}

std::string status_label_of(const std::string& key) {
  core::Status s{};
  if (core::parse_status(key, s)) {
    return report::status_label(s);
  }
  return key;
}

mst::data options_list(const std::vector<std::pair<std::string, std::string>>& values,
                       const std::string& selected) {
  mst::data list{mst::data::type::list};
  for (const auto& [value, label] : values) {
    mst::data o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == selected);
    list.push_back(o);
  }
  return list;
}

struct ProfileInfo {
  std::string name;
  std::string body;
  std::string file;
  std::string digest;  // of the file, for the options key
};

}  // namespace

// --- The server ---

struct Server::Impl {
  Options options;
  const review::Engine& engine;
  std::string data_dir;
  std::string catalog_version;
  std::string requirements_dir;
  std::vector<ProfileInfo> profiles;
  Sessions sessions;
  LoginLimiter user_limiter{5, std::chrono::minutes(15)};
  LoginLimiter address_limiter{20, std::chrono::minutes(15)};
  std::string dummy_hash;  // compared against when the user is unknown, so timing tells nothing
  std::unique_ptr<httplib::Server> http;
  std::thread thread;
  int port = 0;
  int listen_socket = -1;  // the socket bound, seen by the socket options before bind()
  // Writes from this process take turns here rather than in SQLite's busy handler, which sleeps
  // (up to 100 ms a time) between tries; other processes on the file still meet the busy timeout.
  std::mutex write_mutex;
  std::mutex stop_mutex;
  std::condition_variable stopped_cv;
  bool stopped = false;

  Impl(const Options& o, const review::Engine& e)
      : options(o),
        engine(e),
        sessions(std::chrono::minutes(o.session_idle_minutes),
                 std::chrono::hours(o.session_hours)) {}

  // --- Rendering ---

  // A page's template in the request's language: src/serve/templates/ (Japanese) or its en/.
  static std::string_view page_template(std::string_view name) {
    if (ui_lang() == Lang::en) {
      if (std::string_view en = embedded_file("en/" + std::string(name)); !en.empty()) {
        return en;
      }
    }
    return embedded_file(name);
  }

  static std::string render(std::string_view name, const mst::data& data) {
    mst::mustache tmpl{std::string(page_template(name))};
    mst::data d = data;
    d.set("contract_rows",
          mst::partial([] { return std::string(page_template("contract_rows.html")); }));
    d.set("contract_page",
          mst::partial([] { return std::string(page_template("contract.html")); }));
    return tmpl.render(d);
  }

  void page(Response& res,
            const Session* s,
            const std::string& title,
            std::string_view tpl,
            mst::data data,
            int status = 200,
            const std::string& error = "",
            const std::string& notice = "") {
    mst::data layout;
    if (s != nullptr) {
      data.set("csrf", s->csrf);
      layout.set("user", s->user);
      layout.set("role", reg::label(s->role));
      layout.set("is_admin", s->role == Role::admin);
      layout.set("csrf", s->csrf);
    } else {
      layout.set("user", false);
    }
    layout.set("title", title);
    if (!t_page_path.empty()) {
      layout.set("switch_href", t_page_path + (ui_lang() == Lang::en ? "?lang=ja" : "?lang=en"));
    }
    if (!error.empty()) {
      layout.set("error", error);
    }
    if (!notice.empty()) {
      layout.set("notice", notice);
    }
    layout.set("content", render(tpl, data));
    res.status = status;
    res.set_content(render("layout.html", layout), k_html);
  }

  void message(Response& res,
               const Session* s,
               int status,
               const std::string& heading,
               const std::string& text,
               const std::string& back = "/") {
    mst::data d;
    d.set("heading", heading);
    d.set("message", text);
    d.set("back", back);
    page(res, s, heading, "message.html", d, status);
  }

  void error_page(Response& res, const Session* s, const Error& e, const std::string& back = "/") {
    int status = 400;
    switch (e.code) {
      case ErrorCode::not_found:
        status = 404;
        break;
      case ErrorCode::conflict:
        status = 409;
        break;
      case ErrorCode::limit_exceeded:
        status = 413;
        break;
      case ErrorCode::internal:
      case ErrorCode::io:
        status = 500;
        break;
      default:
        break;
    }
    message(res, s, status,
            status >= 500 ? tr("サーバーの処理に失敗しました", "the server failed")
                          : tr("入力に問題があります", "there is a problem with the input"),
            e.message, back);
  }

  // --- Registry ---

  Expected<reg::Registry> open(const Session* s) const {
    reg::OpenOptions o;
    o.path = options.db;
    o.mode = reg::OpenMode::must_exist;
    o.migrate = reg::AutoMigrate::no;
    o.by = s != nullptr ? s->user : std::string("keiyaku-serve");
    o.clock = reg::system_clock();
    o.fold = text::identifier_key;
    return reg::Registry::open(o);
  }

  // --- Access control ---

  std::string cookie_attrs(std::string_view path, long max_age) const {
    return std::string("; Path=") + std::string(path) + "; Max-Age=" + std::to_string(max_age) +
           "; HttpOnly; SameSite=Strict" +
           (options.secure_cookie || !options.tls_cert.empty() ? "; Secure" : "");
  }

  std::optional<Session> session_of(const Request& req) {
    const std::string id = cookie_value(req, k_session_cookie);
    if (id.empty()) {
      return std::nullopt;
    }
    return sessions.find(id, Clock::now());
  }

  using Handler = std::function<void(const Request&, Response&, const Session&)>;

  // A page anyone signed in with `role` or more may see; the others are sent to sign in or refused.
  httplib::Server::Handler guard(Role role, bool is_post, Handler h) {
    return [this, role, is_post, h = std::move(h)](const Request& req, Response& res) {
      auto s = session_of(req);
      if (!s) {
        if (is_post) {
          message(res, nullptr, 401, tr("ログインしてください", "please sign in"),
                  tr("セッションが切れました。もう一度ログインしてください。",
                     "the session has ended: sign in again"),
                  "/login");
        } else {
          res.set_redirect("/login", 303);
        }
        return;
      }
      if (is_post && !same_secret(field(req, "csrf"), s->csrf)) {
        message(res, &*s, 403, tr("要求を受け付けられません", "request refused"),
                tr("フォームの確認用トークンが一致しません（CSRF）。ページを開き直してから送信して"
                   "ください。",
                   "the form's token does not match (CSRF): reload the page and send it again"));
        return;
      }
      if (!reg::at_least(s->role, role)) {
        message(res, &*s, 403, tr("権限がありません", "not allowed"),
                tr("この操作には「", "this needs the role ") + reg::label(role) +
                    tr("」以上の役割が必要です。", " or higher"));
        return;
      }
      h(req, res, *s);
    };
  }

  void get(const std::string& pattern, Role role, Handler h) {
    http->Get(pattern, guard(role, false, std::move(h)));
  }
  void post(const std::string& pattern, Role role, Handler h) {
    http->Post(pattern, guard(role, true, std::move(h)));
  }
  // A POST that only writes (ledgers, users): the whole handler under write_mutex.
  void post_write(const std::string& pattern, Role role, Handler h) {
    post(pattern, role,
         [this, h = std::move(h)](const Request& req, Response& res, const Session& s) {
           const std::lock_guard lock(write_mutex);
           h(req, res, s);
         });
  }

  // The language of one request: ?lang= (which the switch in the layout sends, kept in a cookie),
  // else that cookie, else the browser's Accept-Language, else Japanese.
  Lang request_lang(const Request& req, Response& res) const {
    const std::string asked = query(req, "lang");
    if (asked == "ja" || asked == "en") {
      res.set_header("Set-Cookie", std::string(k_lang_cookie) + "=" + asked +
                                       cookie_attrs("/", 365L * 24 * 3600));
      return asked == "en" ? Lang::en : Lang::ja;
    }
    const std::string kept = cookie_value(req, k_lang_cookie);
    if (kept == "ja" || kept == "en") {
      return kept == "en" ? Lang::en : Lang::ja;
    }
    return accepted_lang(req.get_header_value("Accept-Language")).value_or(Lang::ja);
  }

  // --- Routes ---
  void routes();
  void login_page(const Request& req,
                  Response& res,
                  const std::string& error,
                  const std::string& name,
                  int status);
  void login(const Request& req, Response& res);
  void home(const Request& req, Response& res, const Session& s);
  void upload(const Request& req, Response& res, const Session& s);
  void contracts(const Request& req, Response& res, const Session& s);
  void contract(const Request& req, Response& res, const Session& s);
  /// The data of contract.html for one review of one contract (the latest when review_id is empty).
  Expected<mst::data> contract_data(reg::Registry& r,
                                    const Session& s,
                                    int64_t contract_id,
                                    std::optional<int64_t> review_id,
                                    const std::string& status,
                                    const std::string& family,
                                    std::string& page_title);
  /// The archive's contracts that pass the filters of the request (status, requirement, vendor, q,
  /// from, to).
  Expected<std::vector<reg::ContractReview>> filtered(reg::Registry& r, const Request& req);
  void print_contracts(const Request& req, Response& res, const Session& s);
  void download(const Request& req, Response& res, const Session& s);
  void waiver_add(const Request& req, Response& res, const Session& s);
  void vendors(
      const Request& req, Response& res, const Session& s, const std::string& error, int status);
  void vendor_add(const Request& req, Response& res, const Session& s);
  void vendor(
      const Request& req, Response& res, const Session& s, const std::string& error, int status);
  void vendor_edit(const Request& req, Response& res, const Session& s);
  struct VendorForm {
    reg::Registry registry;
    reg::Vendor vendor;
  };
  std::optional<VendorForm> vendor_form(const Request& req, Response& res, const Session& s);
  void vendor_form_error(const Request& req, Response& res, const Session& s, const Error& e);
  void verification_add(const Request& req, Response& res, const Session& s);
  void certificate_add(const Request& req, Response& res, const Session& s);
  void vendor_remove(const Request& req, Response& res, const Session& s);
  void sns(
      const Request& req, Response& res, const Session& s, const std::string& error, int status);
  void sns_add(const Request& req, Response& res, const Session& s);
  void sns_account(
      const Request& req, Response& res, const Session& s, const std::string& error, int status);
  void sns_change(const Request& req, Response& res, const Session& s);
  void history(const Request& req, Response& res, const Session& s);
  void waivers(const Request& req, Response& res, const Session& s);
  void evidence(const Request& req, Response& res, const Session& s);
  void users(const Request& req,
             Response& res,
             const Session& s,
             const std::string& error,
             int status,
             const std::string& notice = "");
  void user_add(const Request& req, Response& res, const Session& s);
  // The stored hash of a new password, or nullopt with the users page or an error page answered.
  std::optional<std::string> new_password_hash(const Request& req, Response& res, const Session& s,
                                               const std::string& password);
  void user_role(const Request& req, Response& res, const Session& s);
  void user_password(const Request& req, Response& res, const Session& s);

  mst::data contract_row(const reg::ContractReview& c) const;
  Expected<report::Book> contract_book(reg::Registry& r,
                                       int64_t contract_id,
                                       std::optional<int64_t> review_id,
                                       reg::ReviewRecord& chosen,
                                       std::vector<reg::ReviewRecord>& all);
  std::string upload_path(const std::string& sha256) const {
    return data_dir + "/uploads/" + sha256;
  }
  const ProfileInfo* find_profile(const std::string& name) const {
    for (const ProfileInfo& p : profiles) {
      if (p.name == name) {
        return &p;
      }
    }
    return nullptr;
  }
  Expected<review::ReviewResult> rereview(const reg::ReviewRecord& rv, std::string& bytes);

  // Keeps `bytes` as dir/<sha256> unless it is there already: written to a name of its own in tmp/
  // and renamed, so two requests storing the same file at once never mix their writes.
  Status keep(const std::string& dir, const std::string& sha256, const std::string& bytes) const {
    const std::string path = dir + "/" + sha256;
    if (file::exists(path)) {
      return {};
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::create_directories(data_dir + "/tmp", ec);
    const std::string tmp = data_dir + "/tmp/" + random_token(12);
    if (auto st = file::write_atomic(tmp, bytes); !st) {
      return st;
    }
    fs::rename(tmp, path, ec);
    if (ec) {
      fs::remove(tmp, ec);
      return Error(ErrorCode::io, path + ": " + tr("保存できません", "cannot be stored"));
    }
    return {};
  }
};

// --- Sign in and out ---

void Server::Impl::login_page(const Request& req,
                              Response& res,
                              const std::string& error,
                              const std::string& name,
                              int status) {
  (void)req;
  const std::string token = random_token();
  res.set_header("Set-Cookie",
                 std::string(k_login_cookie) + "=" + token + cookie_attrs("/login", 1800));
  mst::data d;
  d.set("csrf", token);
  d.set("name", name);
  page(res, nullptr, tr("ログイン", "sign in"), "login.html", d, status, error);
}

void Server::Impl::login(const Request& req, Response& res) {
  const std::string name = field(req, "user");
  const std::string password = field(req, "password");
  const std::string token = cookie_value(req, k_login_cookie);
  if (!same_secret(field(req, "csrf"), token)) {
    login_page(req, res,
               tr("ログイン画面を開き直してください（確認用トークンが一致しません）。",
                  "reload the sign-in page (the form's token does not match)"),
               "", 403);
    return;
  }
  const auto now = Clock::now();
  const std::string user_key = "u:" + name;
  const std::string addr_key = "a:" + req.remote_addr;
  if (!user_limiter.allowed(user_key, now) || !address_limiter.allowed(addr_key, now)) {
    login_page(req, res,
               tr("ログインの失敗が続いたため、15分間受け付けません。",
                  "too many failed sign-ins: wait 15 minutes"),
               name, 429);
    return;
  }
  std::optional<reg::UserSecret> secret;
  if (reg::validate_user_name(name)) {
    auto r = open(nullptr);
    if (!r) {
      error_page(res, nullptr, r.error(), "/login");
      return;
    }
    reg::UserStore users(*r);
    auto found = users.find(name);
    if (!found) {
      error_page(res, nullptr, found.error(), "/login");
      return;
    }
    secret = std::move(*found);
  }
  bool ok = false;
  if (secret) {
    ok = verify_password(password, secret->password_hash);
  } else {
    verify_password(password, dummy_hash);  // the same work for an unknown name
  }
  if (!ok || secret->user.disabled) {
    user_limiter.failed(user_key, now);
    address_limiter.failed(addr_key, now);
    login_page(req, res, tr("利用者名かパスワードが違います。", "wrong user name or password"),
               name, 401);
    return;
  }
  user_limiter.succeeded(user_key);
  Session s = sessions.create(secret->user.name, secret->user.role, now);
  res.set_header("Set-Cookie",
                 std::string(k_session_cookie) + "=" + s.id +
                     cookie_attrs("/", static_cast<long>(options.session_hours) * 3600));
  res.set_redirect("/", 303);
}

// --- Review a draft ---

void Server::Impl::home(const Request& req, Response& res, const Session& s) {
  (void)req;
  mst::data d;
  d.set("can_review", reg::at_least(s.role, Role::reviewer));
  d.set("max_upload_mb", std::to_string(options.max_upload >> 20U));
  mst::data plist{mst::data::type::list};
  for (const ProfileInfo& p : profiles) {
    mst::data o;
    o.set("name", p.name);
    o.set("body", p.body);
    plist.push_back(o);
  }
  d.set("profiles", plist);
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::ReviewStore store(*r);
  auto latest = store.latest(reg::WithFindings::no);
  if (!latest) {
    error_page(res, &s, latest.error());
    return;
  }
  std::sort(latest->begin(), latest->end(),
            [](const auto& a, const auto& b) { return a.review.id > b.review.id; });
  mst::data rows{mst::data::type::list};
  for (size_t i = 0; i < latest->size() && i < 10; ++i) {
    rows.push_back(contract_row((*latest)[i]));
  }
  d.set("contracts", rows);
  page(res, &s, tr("審査", "review"), "home.html", d);
}

mst::data Server::Impl::contract_row(const reg::ContractReview& c) const {
  mst::data o;
  const Conclusion k = conclusion_of(c.review.failed, c.review.counts);
  o.set("id", std::to_string(c.contract_id));
  o.set("title", c.facts.title.empty() ? c.path : c.facts.title);
  o.set("path", c.path);
  o.set("vendor", !c.vendor.empty() ? c.vendor : c.facts.vendor_name);
  o.set("reviewed_at", c.review.reviewed_at);
  o.set("must", std::to_string(c.review.counts.must));
  o.set("satisfied", std::to_string(c.review.counts.satisfied));
  o.set("weak", std::to_string(c.review.counts.weak));
  o.set("contradicted", std::to_string(c.review.counts.contradicted));
  o.set("missing", std::to_string(c.review.counts.missing));
  o.set("conclusion", k.label);
  o.set("conclusion_class", k.key);
  return o;
}

void Server::Impl::upload(const Request& req, Response& res, const Session& s) {
  if (!req.has_file("file") || req.get_file_value("file").content.empty()) {
    message(res, &s, 400, tr("ファイルがありません", "no file"),
            tr("審査する契約書のファイルを選んでください。", "choose the contract file to review"));
    return;
  }
  const httplib::MultipartFormData& f = req.get_file_value("file");
  const std::string name = upload_name(f.filename);
  review::Options ro;
  for (const std::string& k : fields(req, "kind")) {
    if (k != "outsourcing" && k != "cloud" && k != "sns") {
      message(res, &s, 400, tr("入力に問題があります", "bad input"),
              tr("不明な契約の種類です: ", "unknown kind: ") + k);
      return;
    }
    ro.kinds.push_back(k);
  }
  ro.tier = field(req, "tier");
  if (!ro.tier.empty() && ro.tier != "mynumber" && ro.tier != "lgwan" && ro.tier != "internet") {
    message(res, &s, 400, tr("入力に問題があります", "bad input"),
            tr("不明な三層の区分です: ", "unknown tier: ") + ro.tier);
    return;
  }
  std::string key = batch::options_key(ro.kinds, ro.tier, false);
  std::optional<profile::Profile> policy;
  if (const std::string pname = field(req, "profile"); !pname.empty()) {
    const ProfileInfo* p = find_profile(pname);  // only a profile the server knows, never a path
    if (p == nullptr) {
      message(res, &s, 400, tr("入力に問題があります", "bad input"),
              tr("不明なプロファイルです: ", "unknown profile: ") + pname);
      return;
    }
    auto loaded = profile::load_file(p->file);
    if (!loaded) {
      error_page(res, &s, loaded.error());
      return;
    }
    policy = std::move(*loaded);
    ro.profile = &*policy;
    key += " profile=" + p->name + "@" + p->digest;
  }
  // The upload is hostile input: the readers' limits apply as they do to `keiyaku scan`.
  Expected<review::ReviewResult> result = Error(ErrorCode::internal, "");
  try {
    result = review::review_bytes(engine, f.content, name, ro);
  } catch (const std::exception& e) {
    result =
        Error(ErrorCode::internal, name + ": " + tr("内部エラー: ", "internal error: ") + e.what());
  }
  if (!result) {
    message(res, &s, result.error().code == ErrorCode::internal ? 500 : 422,
            tr("この契約書は読めません", "this contract cannot be read"), result.error().message);
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  // Keep the bytes for the annotated copy and the JSON, under their hash (a name the server chose).
  if (auto st = keep(data_dir + "/uploads", result->document.sha256, f.content); !st) {
    error_page(res, &s, st.error());
    return;
  }
  auto vendors = r->list_vendors();
  if (!vendors) {
    error_page(res, &s, vendors.error());
    return;
  }
  std::vector<batch::VendorIndex::Vendor> index;
  for (const reg::Vendor& v : *vendors) {
    index.push_back({v.id, v.name, v.corporate_number.value_or("")});
  }
  reg::ReviewRecord record = batch::to_record(*result);
  record.catalog_version = catalog_version;
  record.options = key;
  record.tool_version = KY_VERSION;
  reg::ReviewStore store(*r);
  // A draft uploaded again under the same name is a new review of the same contract.
  auto known = store.known_contracts();
  if (!known) {
    error_page(res, &s, known.error());
    return;
  }
  std::optional<int64_t> contract_id;
  for (const reg::KnownContract& k : *known) {
    if (k.path == name) {
      contract_id = k.id;
    }
  }
  Expected<reg::Recorded> rec = Error(ErrorCode::internal, "");
  {
    const std::lock_guard lock(write_mutex);
    rec = store.record(contract_id, batch::facts_of(*result, batch::VendorIndex(index)), record);
  }
  if (!rec) {
    error_page(res, &s, rec.error());
    return;
  }
  res.set_redirect("/contracts/" + std::to_string(rec->contract_id) +
                       "?review=" + std::to_string(rec->review_id),
                   303);
}

// --- The archive ---

Expected<std::vector<reg::ContractReview>> Server::Impl::filtered(reg::Registry& r,
                                                                  const Request& req) {
  const std::string status = query(req, "status");
  const std::string requirement = std::string(str::trim(query(req, "requirement")));
  const std::string vendor = std::string(str::trim(query(req, "vendor")));
  const std::string q = std::string(str::trim(query(req, "q")));
  const std::string from = query(req, "from");
  const std::string to = query(req, "to");
  reg::ReviewStore store(r);
  // The verdicts are read only when one requirement's verdict is filtered on.
  auto latest = store.latest(requirement.empty() ? reg::WithFindings::no : reg::WithFindings::yes);
  if (!latest) {
    return latest.error();
  }
  std::vector<reg::ContractReview> shown;
  for (reg::ContractReview& c : *latest) {
    const Conclusion k = conclusion_of(c.review.failed, c.review.counts);
    const std::string day = c.review.reviewed_at.substr(0, 10);
    if (!from.empty() && day < from) {
      continue;
    }
    if (!to.empty() && day > to) {
      continue;
    }
    const std::string vendor_name = !c.vendor.empty() ? c.vendor : c.facts.vendor_name;
    if (!vendor.empty() && !str::contains(vendor_name, vendor)) {
      continue;
    }
    if (!q.empty() && !str::contains(c.path, q) && !str::contains(c.facts.title, q)) {
      continue;
    }
    if (!requirement.empty()) {
      // With a requirement, the status filter is that requirement's verdict.
      auto f = std::find_if(
          c.review.findings.begin(), c.review.findings.end(),
          [&](const reg::StoredFinding& x) { return x.requirement_id == requirement; });
      if (f == c.review.findings.end() || (!status.empty() && f->status != status)) {
        continue;
      }
    } else if (!status.empty() && k.key != status) {
      continue;
    }
    shown.push_back(std::move(c));
  }
  return shown;
}

void Server::Impl::contracts(const Request& req, Response& res, const Session& s) {
  const std::string status = query(req, "status");
  const std::string requirement = std::string(str::trim(query(req, "requirement")));
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto shown = filtered(*r, req);
  if (!shown) {
    error_page(res, &s, shown.error());
    return;
  }
  mst::data rows{mst::data::type::list};
  for (size_t i = 0; i < shown->size() && i < k_archive_rows; ++i) {
    rows.push_back(contract_row((*shown)[i]));
  }
  mst::data d;
  d.set("contracts", rows);
  d.set("count", std::to_string(shown->size()));
  d.set("more", shown->size() > k_archive_rows);
  d.set("shown", std::to_string(std::min(shown->size(), k_archive_rows)));
  d.set("print_query",
        req.target.find('?') != std::string::npos ? req.target.substr(req.target.find('?')) : "");
  std::vector<std::pair<std::string, std::string>> statuses;
  if (requirement.empty()) {
    for (const char* key : {"contradicted", "missing", "weak", "satisfied", "failed"}) {
      statuses.emplace_back(key, conclusion_label(key));
    }
  } else {
    for (const std::string& key : status_keys()) {
      statuses.emplace_back(key, status_label_of(key));
    }
  }
  d.set("status_options", options_list(statuses, status));
  d.set("requirement", requirement);
  for (const char* f : {"vendor", "q", "from", "to"}) {
    d.set(f, std::string(str::trim(query(req, f))));
  }
  page(res, &s, tr("契約一覧", "contracts"), "contracts.html", d);
}

// The archive's contracts as the filters leave them, each review in full, one after another with a
// page break between them: printing them all at once for 決裁.
void Server::Impl::print_contracts(const Request& req, Response& res, const Session& s) {
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto shown = filtered(*r, req);
  if (!shown) {
    error_page(res, &s, shown.error());
    return;
  }
  if (shown->size() > k_print_contracts) {
    message(
        res, &s, 400, tr("件数が多すぎます", "too many contracts"),
        tr("まとめて印刷できるのは ", "at most ") + std::to_string(k_print_contracts) +
            tr(" 件までです。絞り込んでください。", " contracts print at once: narrow the list"),
        "/contracts");
    return;
  }
  mst::data list{mst::data::type::list};
  bool first = true;
  for (const reg::ContractReview& c : *shown) {
    std::string title;
    auto d = contract_data(*r, s, c.contract_id, std::nullopt, "", "", title);
    if (!d) {
      error_page(res, &s, d.error(), "/contracts");
      return;
    }
    d->set("break", !first);
    first = false;
    list.push_back(*d);
  }
  mst::data d;
  d.set("contracts", list);
  page(res, &s, tr("契約書審査結果（印刷）", "reviews (print)"), "print.html", d);
}

Expected<report::Book> Server::Impl::contract_book(reg::Registry& r,
                                                   int64_t contract_id,
                                                   std::optional<int64_t> review_id,
                                                   reg::ReviewRecord& chosen,
                                                   std::vector<reg::ReviewRecord>& all) {
  auto c = r.get_contract(contract_id);
  if (!c) {
    return c.error();
  }
  reg::ReviewStore store(r);
  auto reviews = store.reviews_of(contract_id);
  if (!reviews) {
    return reviews.error();
  }
  if (reviews->empty()) {
    return Error(ErrorCode::not_found,
                 tr("この契約には審査がありません", "this contract has no review"));
  }
  all = std::move(*reviews);
  auto pick = all.end() - 1;
  if (review_id) {
    pick = std::find_if(all.begin(), all.end(),
                        [&](const reg::ReviewRecord& x) { return x.id == *review_id; });
    if (pick == all.end()) {
      return Error(ErrorCode::not_found,
                   tr("不明な審査です: #", "unknown review: #") + std::to_string(*review_id));
    }
  }
  chosen = *pick;
  reg::ContractReview cr;
  cr.contract_id = contract_id;
  cr.path = c->path;
  cr.sha256 = chosen.sha256;
  cr.facts.title = c->title;
  cr.facts.vendor_id = c->vendor_id;
  cr.reviews = static_cast<int>(all.size());
  cr.review = chosen;
  if (c->vendor_id) {
    if (auto v = r.get_vendor(*c->vendor_id)) {
      cr.vendor = v->name;
    }
    if (auto st = r.vendor_status(*c->vendor_id)) {
      cr.vendor_status = *st;
    }
  }
  report::Book book;
  book.generated_at = r.clock().timestamp;
  report::ContractReport cp = batch::contract_report(cr);
  // As `keiyaku report` finds them: by the contract's id or the reviewed file's SHA-256 (keiyaku
  // waive).
  auto waivers = r.active_waivers(reg::ContractRef{contract_id, chosen.sha256}, r.clock().today);
  if (!waivers) {
    return waivers.error();
  }
  batch::mark_waived(cp, *waivers);
  for (const report::Verdict& v : cp.verdicts) {
    book.columns.push_back(v.requirement);
  }
  report::sort_columns(book.columns);
  book.contracts.push_back(std::move(cp));
  return book;
}

void Server::Impl::contract(const Request& req, Response& res, const Session& s) {
  const auto id = to_id(req.matches[1].str());
  const std::string review_q = query(req, "review");
  const auto review_id = to_id(review_q);
  if (!id || (!review_q.empty() && !review_id)) {
    message(res, &s, 404, tr("見つかりません", "not found"),
            tr("不明な契約です", "unknown contract"));
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  std::string title;
  auto d = contract_data(*r, s, *id, review_id, query(req, "status"), query(req, "family"), title);
  if (!d) {
    error_page(res, &s, d.error(), "/contracts");
    return;
  }
  page(res, &s, title, "contract.html", *d);
}

Expected<mst::data> Server::Impl::contract_data(reg::Registry& r,
                                                const Session& s,
                                                int64_t contract_id,
                                                std::optional<int64_t> review_id,
                                                const std::string& status,
                                                const std::string& family,
                                                std::string& page_title) {
  reg::ReviewRecord rv;
  std::vector<reg::ReviewRecord> all;
  auto book = contract_book(r, contract_id, review_id, rv, all);
  if (!book) {
    return book.error();
  }
  const report::ContractReport& c = book->contracts[0];
  mst::data d;
  d.set("contract_id", std::to_string(contract_id));
  d.set("review_id", std::to_string(rv.id));
  d.set("path", c.path);
  d.set("title", c.title.empty() ? c.path : c.title);
  d.set("vendor", c.vendor.empty() ? std::string("—") : c.vendor);
  d.set("vendor_status", c.vendor_status);
  d.set("reviewed_at", rv.reviewed_at);
  d.set("options", rv.options);
  d.set("kinds", str::join(rv.kinds, "、"));
  d.set("sha256", rv.sha256);
  const Conclusion k = conclusion_of(rv.failed, rv.counts);
  d.set("conclusion", k.label);
  d.set("conclusion_class", k.key);
  d.set("failed", rv.failed);
  d.set("error_text", rv.error);
  d.set("must", std::to_string(rv.counts.must));
  d.set("satisfied", std::to_string(rv.counts.satisfied));
  d.set("weak", std::to_string(rv.counts.weak));
  d.set("contradicted", std::to_string(rv.counts.contradicted));
  d.set("missing", std::to_string(rv.counts.missing));
  d.set("not_applicable", std::to_string(rv.counts.not_applicable));
  // Who reviewed it, and the hash of the history row that recorded the review: `keiyaku db verify
  // --expect-head HASH` shows later that the chain still holds it.
  std::string reviewer = "—";
  std::string row_hash = "—";
  if (auto h = r.history("contract", contract_id)) {
    for (const reg::HistoryEntry& e : *h) {
      if (e.at == rv.reviewed_at) {
        reviewer = e.by;
        row_hash = "#" + std::to_string(e.id) + " " + e.hash;
      }
    }
  }
  d.set("reviewer", reviewer);
  d.set("head_hash", row_hash);
  std::set<std::string> families;
  mst::data findings{mst::data::type::list};
  for (const report::Verdict& v : c.verdicts) {
    families.insert(v.requirement.family);
    const std::string st = core::status_name(v.status);
    if ((!status.empty() && st != status) || (!family.empty() && v.requirement.family != family)) {
      continue;
    }
    mst::data o;
    o.set("id", v.requirement.id);
    o.set("title", v.requirement.title);
    o.set("family_label", profile::family_label(profile::family_of(v.requirement.family)));
    o.set("severity", v.requirement.severity == "must" ? tr("必須", "must") : tr("推奨", "should"));
    o.set("status", st);
    o.set("status_label", report::status_label(v.status));
    if (v.waived) {
      o.set("waived", report::waiver_note(v.waived));
    }
    mst::data ev{mst::data::type::list};
    for (const core::Evidence& e : v.evidence) {
      mst::data x;
      x.set("clause", e.clause);
      x.set("text", e.text);
      ev.push_back(x);
    }
    o.set("evidence", ev);
    o.set("reason", v.reason);
    mst::data basis{mst::data::type::list};
    for (const std::string& b : v.basis) {
      basis.push_back(mst::data(b));
    }
    o.set("basis", basis);
    o.set("suggestion", v.suggestion);
    findings.push_back(o);
  }
  d.set("findings", findings);
  mst::data waivable{mst::data::type::list};
  for (const report::Verdict& v : c.verdicts) {
    if (v.status != core::Status::satisfied && v.status != core::Status::not_applicable) {
      mst::data o;
      o.set("value", v.requirement.id);
      o.set("label", v.requirement.id + " " + v.requirement.title + "（" +
                         report::status_label(v.status) + "）");
      waivable.push_back(o);
    }
  }
  d.set("can_waive", reg::at_least(s.role, Role::approver) && !rv.failed && !rv.sha256.empty());
  d.set("user_name", s.user);
  d.set("waivable", waivable);
  std::vector<std::pair<std::string, std::string>> statuses;
  for (const std::string& key : status_keys()) {
    statuses.emplace_back(key, status_label_of(key));
  }
  d.set("status_options", options_list(statuses, status));
  std::vector<std::pair<std::string, std::string>> fams;
  fams.reserve(families.size());
  for (const std::string& f : families) {
    fams.emplace_back(f, profile::family_label(profile::family_of(f)));
  }
  d.set("family_options", options_list(fams, family));
  mst::data risks{mst::data::type::list};
  for (const core::RiskFinding& x : c.risks) {
    mst::data o;
    o.set("id", x.id);
    o.set("clause", x.evidence.clause);
    o.set("text", x.evidence.text);
    o.set("message", x.message);
    risks.push_back(o);
  }
  for (const report::FileRiskLine& x : c.file_risks) {
    mst::data o;
    o.set("id", x.id);
    o.set("clause", x.severity);
    o.set("text", x.detail);
    o.set("message", x.message);
    risks.push_back(o);
  }
  d.set("has_risks", !c.risks.empty() || !c.file_risks.empty());
  d.set("risks", risks);
  mst::data downloads{mst::data::type::list};
  const bool have_bytes = !rv.sha256.empty() && file::exists(upload_path(rv.sha256));
  for (const auto& [format, label] : std::vector<std::pair<std::string, std::string>>{
           {"xlsx", "Excel (XLSX)"},
           {"csv", "CSV"},
           {"html", "HTML"},
           {"json", "JSON"},
           {"docx", tr("コメント付き DOCX", "annotated DOCX")}}) {
    if ((format == "json" || format == "docx") && !have_bytes) {
      continue;
    }
    if (format == "docx" &&
        !(str::ends_with(rv.path, ".docx") || str::ends_with(rv.path, ".docm") ||
          str::ends_with(rv.path, ".dotx"))) {
      continue;
    }
    mst::data o;
    o.set("format", format);
    o.set("label", label);
    downloads.push_back(o);
  }
  d.set("downloads", downloads);
  mst::data list{mst::data::type::list};
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    mst::data o;
    o.set("id", std::to_string(it->id));
    o.set("reviewed_at", it->reviewed_at);
    o.set("options", it->options);
    o.set("must", std::to_string(it->counts.must));
    o.set("satisfied", std::to_string(it->counts.satisfied));
    o.set("weak", std::to_string(it->counts.weak));
    o.set("contradicted", std::to_string(it->counts.contradicted));
    o.set("missing", std::to_string(it->counts.missing));
    o.set("current", it->id == rv.id);
    list.push_back(o);
  }
  d.set("reviews", list);
  page_title = c.title.empty() ? c.path : c.title;
  return d;
}

// --- Waivers (例外承認): approvers only ---

void Server::Impl::waiver_add(const Request& req, Response& res, const Session& s) {
  const auto id = to_id(req.matches[1].str());
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  const std::string back = "/contracts/" + std::to_string(id.value_or(0));
  reg::ReviewRecord rv;
  std::vector<reg::ReviewRecord> all;
  auto book = contract_book(*r, id.value_or(0), std::nullopt, rv, all);
  if (!book) {
    error_page(res, &s, book.error(), "/contracts");
    return;
  }
  // Only a requirement the latest review gave a verdict to that is not satisfied.
  const std::string requirement = field(req, "requirement");
  const auto& verdicts = book->contracts[0].verdicts;
  const bool known = std::any_of(verdicts.begin(), verdicts.end(), [&](const report::Verdict& v) {
    return v.requirement.id == requirement && v.status != core::Status::satisfied &&
           v.status != core::Status::not_applicable;
  });
  if (!known || rv.sha256.empty()) {
    message(res, &s, 400, tr("入力に問題があります", "bad input"),
            tr("例外承認できる要件ではありません: ", "not a requirement that can be waived: ") +
                requirement,
            back);
    return;
  }
  auto until = reg::parse_date(field(req, "until"));
  if (!until) {
    message(res, &s, 400, tr("入力に問題があります", "bad input"),
            tr("期限: ", "until: ") + until.error().message, back);
    return;
  }
  reg::Waiver w;
  // As keiyaku waive records it: the contract, and the text the approver saw.
  w.contract = reg::ContractRef{id, rv.sha256};
  w.sha256 = rv.sha256;
  w.requirement_id = requirement;
  w.reason = std::string(str::trim(field(req, "reason")));
  w.approver = s.user;
  w.until = *until;
  auto added = r->add_waiver(w);  // the registry's checks: a reason, a date not past
  if (!added) {
    message(res, &s, 400, tr("入力に問題があります", "bad input"), added.error().message, back);
    return;
  }
  res.set_redirect(back, 303);
}

// --- Downloads ---

Expected<review::ReviewResult> Server::Impl::rereview(const reg::ReviewRecord& rv,
                                                      std::string& bytes) {
  auto read = file::read(upload_path(rv.sha256), options.max_upload);
  if (!read) {
    return read.error();
  }
  if (sha256_hex(*read) != rv.sha256) {
    return Error(ErrorCode::io, tr("保存した契約書が審査時と一致しません",
                                   "the stored contract changed since its review"));
  }
  bytes = std::move(*read);
  review::Options ro;
  std::optional<profile::Profile> policy;
  for (std::string_view part : str::split(rv.options, ' ')) {
    if (str::starts_with(part, "kind=") && part != "kind=auto") {
      for (std::string_view k : str::split(part.substr(5), ',')) {
        ro.kinds.emplace_back(k);
      }
    } else if (str::starts_with(part, "tier=")) {
      ro.tier = std::string(part.substr(5));
    } else if (part == "revisions=original") {
      ro.original_revisions = true;
    } else if (str::starts_with(part, "profile=")) {
      const std::string_view rest = part.substr(8);
      const ProfileInfo* p = find_profile(std::string(rest.substr(0, rest.find('@'))));
      if (p == nullptr) {
        return Error(ErrorCode::not_found, tr("審査に使ったプロファイルがありません: ",
                                              "the review's profile is gone: ") +
                                               std::string(rest));
      }
      auto loaded = profile::load_file(p->file);
      if (!loaded) {
        return loaded.error();
      }
      policy = std::move(*loaded);
    }
  }
  if (policy) {
    ro.profile = &*policy;
  }
  auto result = review::review_bytes(engine, bytes, rv.path, ro);
  if (result) {
    result->document.path = rv.path;
  }
  return result;
}

void Server::Impl::download(const Request& req, Response& res, const Session& s) {
  const auto id = to_id(req.matches[1].str());
  const std::string format = req.matches[2].str();
  const std::string review_q = query(req, "review");
  const auto review_id = to_id(review_q);
  if (!id || (!review_q.empty() && !review_id)) {
    message(res, &s, 404, tr("見つかりません", "not found"),
            tr("不明な契約です", "unknown contract"));
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::ReviewRecord rv;
  std::vector<reg::ReviewRecord> all;
  auto book = contract_book(*r, *id, review_id, rv, all);
  if (!book) {
    error_page(res, &s, book.error(), "/contracts");
    return;
  }
  const std::string base = "keiyaku-" + std::to_string(*id) + "-" + std::to_string(rv.id);
  auto attach = [&](const std::string& body, const std::string& ext, const char* type) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + base + "." + ext + "\"");
    res.set_content(body, type);
  };
  const std::string back = "/contracts/" + std::to_string(*id);
  if (format == "csv") {
    attach(report::csv_findings(*book), "csv", "text/csv; charset=utf-8");
  } else if (format == "html") {
    attach(report::html(*book), "html", k_html);
  } else if (format == "xlsx" || format == "docx") {
    std::error_code ec;
    fs::create_directories(data_dir + "/tmp", ec);
    const std::string tmp = data_dir + "/tmp/" + random_token(12) + "." + format;
    Status written;
    if (format == "xlsx") {
      written = report::xlsx(*book, tmp);
    } else {
      std::string bytes;
      auto result = rereview(rv, bytes);
      if (!result) {
        error_page(res, &s, result.error(), back);
        return;
      }
      written = report::write_annotated(*result, bytes, tmp, utc_now());
    }
    auto body = written ? file::read(tmp) : Expected<std::string>(written.error());
    fs::remove(tmp, ec);
    if (!body) {
      error_page(res, &s, body.error(), back);
      return;
    }
    attach(*body, format,
           format == "xlsx"
               ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
               : "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  } else if (format == "json") {
    std::string bytes;
    auto result = rereview(rv, bytes);
    if (!result) {
      error_page(res, &s, result.error(), back);
      return;
    }
    attach(report::json_object(*result, 2) + "\n", "json", "application/json; charset=utf-8");
  } else {
    message(res, &s, 404, tr("見つかりません", "not found"),
            tr("不明な形式です", "unknown format"));
  }
}

// --- Ledgers: vendors ---

void Server::Impl::vendors(
    const Request& req, Response& res, const Session& s, const std::string& error, int status) {
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto list = r->list_vendors();
  if (!list) {
    error_page(res, &s, list.error());
    return;
  }
  mst::data rows{mst::data::type::list};
  for (const reg::Vendor& v : *list) {
    auto st = r->vendor_status(v.id);
    if (!st) {
      error_page(res, &s, st.error());
      return;
    }
    mst::data o;
    o.set("id", std::to_string(v.id));
    o.set("name", v.name);
    o.set("corporate_number", v.corporate_number.value_or("—"));
    o.set("status", std::string(reg::name(st->status)));
    o.set("status_label", reg::label(st->status));
    o.set("next_due", date_text(st->next_due));
    o.set("reason", st->reason);
    rows.push_back(o);
  }
  mst::data d;
  d.set("vendors", rows);
  auto due = r->due(reg::add_days(r->clock().today, 90));
  if (!due) {
    error_page(res, &s, due.error());
    return;
  }
  mst::data dues{mst::data::type::list};
  for (const reg::DueItem& x : *due) {
    mst::data o;
    o.set("date", reg::to_iso(x.due));
    o.set("vendor_id", std::to_string(x.vendor_id));
    o.set("vendor", x.vendor_name);
    o.set("what", x.what);
    o.set("overdue", x.days_left < 0);
    o.set("left", x.days_left < 0
                      ? std::to_string(-x.days_left) + tr("日超過", " days overdue")
                      : tr("あと", "in ") + std::to_string(x.days_left) + tr("日", " days"));
    dues.push_back(o);
  }
  d.set("due", dues);
  d.set("can_edit", reg::at_least(s.role, Role::reviewer));
  for (const char* f : {"name", "corporate_number", "address", "contact"}) {
    d.set(std::string("form_") + f, error.empty() ? std::string() : field(req, f));
  }
  page(res, &s, tr("委託事業者", "vendors"), "vendors.html", d, status, error);
}

void Server::Impl::vendor_add(const Request& req, Response& res, const Session& s) {
  reg::Vendor v;
  v.name = std::string(str::trim(field(req, "name")));
  v.corporate_number = opt_field(req, "corporate_number");
  v.address = field(req, "address");
  v.contact = field(req, "contact");
  // The same checks and messages as `keiyaku vendor add`: the registry's own.
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto added = r->add_vendor(v);
  if (!added) {
    vendors(req, res, s, added.error().message, 400);
    return;
  }
  // Contracts already reviewed that name it are linked at once, as `keiyaku vendor add` does.
  if (auto linked = batch::link_vendors(*r); !linked) {
    error_page(res, &s, linked.error());
    return;
  }
  res.set_redirect("/vendors/" + std::to_string(added->id), 303);
}

void Server::Impl::vendor(
    const Request& req, Response& res, const Session& s, const std::string& error, int status) {
  const auto id = to_id(req.matches[1].str());
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto v = id ? r->get_vendor(*id)
              : Expected<reg::Vendor>(
                    Error(ErrorCode::not_found, tr("不明な事業者です", "unknown vendor")));
  if (!v) {
    error_page(res, &s, v.error(), "/vendors");
    return;
  }
  auto st = r->vendor_status(v->id);
  auto certs = r->list_certificates(v->id);
  auto verifs = r->list_verifications(v->id);
  auto contracts = r->list_contracts(v->id);
  if (!st || !certs || !verifs || !contracts) {
    error_page(res, &s,
               !st       ? st.error()
               : !certs  ? certs.error()
               : !verifs ? verifs.error()
                         : contracts.error());
    return;
  }
  mst::data d;
  d.set("id", std::to_string(v->id));
  d.set("name", v->name);
  d.set("corporate_number", v->corporate_number.value_or("—"));
  d.set("corporate_number_raw", v->corporate_number.value_or(""));
  d.set("address", v->address);
  d.set("contact", v->contact);
  d.set("status", std::string(reg::name(st->status)));
  d.set("status_label", reg::label(st->status));
  d.set("reason", st->reason);
  d.set("next_due", date_text(st->next_due));
  d.set("today", reg::to_iso(r->clock().today));
  mst::data cl{mst::data::type::list};
  for (const reg::Certificate& c : *certs) {
    mst::data o;
    o.set("kind", reg::label(c.kind));
    o.set("number", c.number);
    o.set("scope", c.scope);
    o.set("issuer", c.issuer);
    o.set("valid_from", reg::to_iso(c.valid_from));
    o.set("valid_to", reg::to_iso(c.valid_to));
    o.set("cert_id", std::to_string(c.id));
    o.set("vendor_id", std::to_string(v->id));
    cl.push_back(o);
  }
  d.set("certificates", cl);
  mst::data vl{mst::data::type::list};
  for (const reg::Verification& x : *verifs) {
    mst::data o;
    o.set("date", reg::to_iso(x.verified_on));
    o.set("method", reg::label(x.method));
    o.set("result", reg::label(x.result));
    o.set("next_due", date_text(x.next_due));
    o.set("by", x.verified_by);
    o.set("evidence", x.evidence_sha256 ? "sha256 " + x.evidence_sha256->substr(0, 16) + "…"
                                        : std::string("—"));
    if (x.evidence_sha256 && file::exists(data_dir + "/evidence/" + *x.evidence_sha256)) {
      o.set("evidence_href", "/vendors/" + std::to_string(v->id) + "/verifications/" +
                                 std::to_string(x.id) + "/evidence");
    }
    o.set("note", x.note);
    vl.push_back(o);
  }
  d.set("verifications", vl);
  mst::data ctl{mst::data::type::list};
  for (const reg::Contract& c : *contracts) {
    mst::data o;
    o.set("id", std::to_string(c.id));
    o.set("title", c.title.empty() ? c.path : c.title);
    o.set("path", c.path);
    ctl.push_back(o);
  }
  d.set("contracts", ctl);
  std::vector<std::pair<std::string, std::string>> methods;
  for (std::string_view m : reg::verify_method_names()) {
    methods.emplace_back(std::string(m), reg::label(*reg::parse_verify_method(m)));
  }
  std::vector<std::pair<std::string, std::string>> results;
  for (std::string_view m : reg::verify_result_names()) {
    results.emplace_back(std::string(m), reg::label(*reg::parse_verify_result(m)));
  }
  std::vector<std::pair<std::string, std::string>> kinds;
  for (std::string_view m : reg::cert_kind_names()) {
    kinds.emplace_back(std::string(m), reg::label(*reg::parse_cert_kind(m)));
  }
  d.set("methods", options_list(methods, ""));
  d.set("results", options_list(results, ""));
  d.set("cert_kinds", options_list(kinds, ""));
  d.set("can_edit", reg::at_least(s.role, Role::reviewer));
  page(res, &s, v->name, "vendor.html", d, status, error);
}

void Server::Impl::vendor_edit(const Request& req, Response& res, const Session& s) {
  const auto id = to_id(req.matches[1].str());
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::VendorPatch p;
  p.name = std::string(str::trim(field(req, "name")));
  p.corporate_number = std::string(str::trim(field(req, "corporate_number")));  // empty clears it
  p.address = field(req, "address");
  p.contact = field(req, "contact");
  auto edited = r->edit_vendor(id.value_or(0), p);
  if (!edited) {
    vendor(req, res, s, edited.error().message,
           edited.error().code == ErrorCode::not_found ? 404 : 400);
    return;
  }
  if (auto linked = batch::link_vendors(*r); !linked) {
    error_page(res, &s, linked.error());
    return;
  }
  res.set_redirect("/vendors/" + std::to_string(edited->id), 303);
}

// The registry and the vendor that a form under /vendors/<id>/ adds to; nullopt once the answer
// (the error page, or the vendor's page with the message) has been written.
std::optional<Server::Impl::VendorForm> Server::Impl::vendor_form(const Request& req,
                                                                  Response& res,
                                                                  const Session& s) {
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return std::nullopt;
  }
  auto v = r->get_vendor(to_id(req.matches[1].str()).value_or(0));
  if (!v) {
    vendor_form_error(req, res, s, v.error());
    return std::nullopt;
  }
  return VendorForm{std::move(r).value(), std::move(v).value()};
}

// A form the registry refused: the vendor's page again, with its message.
void Server::Impl::vendor_form_error(const Request& req,
                                     Response& res,
                                     const Session& s,
                                     const Error& e) {
  vendor(req, res, s, e.message, e.code == ErrorCode::not_found ? 404 : 400);
}

void Server::Impl::verification_add(const Request& req, Response& res, const Session& s) {
  auto form = vendor_form(req, res, s);
  if (!form) {
    return;
  }
  reg::Registry& r = form->registry;
  const reg::Vendor& v = form->vendor;
  auto fail = [&](const Error& e) { vendor_form_error(req, res, s, e); };
  reg::Verification x;
  x.vendor_id = v.id;
  auto on = reg::parse_date(field(req, "date"));
  if (!on) {
    fail(Error(on.error().code, tr("確認日: ", "date: ") + on.error().message));
    return;
  }
  x.verified_on = *on;  // a date in the future: the registry refuses it
  const auto method = reg::parse_verify_method(field(req, "method"));
  const auto result = reg::parse_verify_result(field(req, "result"));
  if (!method || !result) {
    fail(Error(ErrorCode::invalid_input,
               tr("確認の方法か結果が不明です", "unknown method or result")));
    return;
  }
  x.method = *method;
  x.result = *result;
  if (auto due = opt_field(req, "next_due")) {
    auto d = reg::parse_date(*due);
    if (!d) {
      fail(Error(d.error().code, tr("次回期限: ", "next due: ") + d.error().message));
      return;
    }
    x.next_due = *d;
  }
  x.note = field(req, "note");
  x.verified_by = s.user;
  // Evidence: kept under its hash in the data directory (a name the server chose); the registry
  // records that path and the file's SHA-256 as it does for `vendor verify --evidence`.
  if (req.has_file("evidence") && !req.get_file_value("evidence").content.empty()) {
    const std::string& bytes = req.get_file_value("evidence").content;
    const std::string hash = sha256_hex(bytes);
    if (auto st = keep(data_dir + "/evidence", hash, bytes); !st) {
      error_page(res, &s, st.error());
      return;
    }
    x.evidence_path = data_dir + "/evidence/" + hash;
  }
  auto added = r.add_verification(x);
  if (!added) {
    fail(added.error());
    return;
  }
  res.set_redirect("/vendors/" + std::to_string(v.id), 303);
}

void Server::Impl::certificate_add(const Request& req, Response& res, const Session& s) {
  auto form = vendor_form(req, res, s);
  if (!form) {
    return;
  }
  reg::Registry& r = form->registry;
  const reg::Vendor& v = form->vendor;
  auto fail = [&](const Error& e) { vendor_form_error(req, res, s, e); };
  reg::Certificate c;
  c.vendor_id = v.id;
  const auto kind = reg::parse_cert_kind(field(req, "kind"));
  if (!kind) {
    fail(Error(ErrorCode::invalid_input, tr("認証の種類が不明です", "unknown certificate kind")));
    return;
  }
  c.kind = *kind;
  c.number = field(req, "number");
  c.scope = field(req, "scope");
  c.issuer = field(req, "issuer");
  auto from = reg::parse_date(field(req, "valid_from"));
  auto to = reg::parse_date(field(req, "valid_to"));
  if (!from || !to) {
    fail(Error(ErrorCode::invalid_input,
               tr("有効期間: ", "validity: ") + (!from ? from.error() : to.error()).message));
    return;
  }
  c.valid_from = *from;
  c.valid_to = *to;
  auto added = r.add_certificate(c);
  if (!added) {
    fail(added.error());
    return;
  }
  res.set_redirect("/vendors/" + std::to_string(v.id), 303);
}

// Removing a vendor (refused while anything refers to it, the registry's message) or one of its
// certificates: `keiyaku vendor remove` without --force, `keiyaku vendor cert remove`.
void Server::Impl::vendor_remove(const Request& req, Response& res, const Session& s) {
  const auto id = to_id(req.matches[1].str()).value_or(0);
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  Status done;
  if (req.matches.size() > 2 && req.matches[2].matched) {
    const auto cert = to_id(req.matches[2].str()).value_or(0);
    auto certs = r->list_certificates(id);
    if (!certs) {
      error_page(res, &s, certs.error());
      return;
    }
    const bool of_vendor = std::any_of(certs->begin(), certs->end(),
                                       [&](const reg::Certificate& c) { return c.id == cert; });
    done = of_vendor
               ? r->remove_certificate(cert)
               : Status(Error(ErrorCode::not_found, tr("不明な認証です", "unknown certificate")));
    if (done) {
      res.set_redirect("/vendors/" + std::to_string(id), 303);
      return;
    }
  } else {
    done = r->remove_vendor(id, reg::Force::no);
    if (done) {
      res.set_redirect("/vendors", 303);
      return;
    }
  }
  vendor(req, res, s, done.error().message, done.error().code == ErrorCode::not_found ? 404 : 409);
}

// --- Ledgers: social-media accounts ---

void Server::Impl::sns(
    const Request& req, Response& res, const Session& s, const std::string& error, int status) {
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto accounts = r->list_accounts(reg::IncludeRetired::no);
  auto problems = r->check_accounts();
  if (!accounts || !problems) {
    error_page(res, &s, !accounts ? accounts.error() : problems.error());
    return;
  }
  mst::data rows{mst::data::type::list};
  for (const reg::Account& a : *accounts) {
    mst::data o;
    o.set("id", std::to_string(a.id));
    o.set("service", reg::label(a.service));
    o.set("handle", a.handle);
    o.set("url", a.url);
    o.set("department", a.department);
    o.set("owner", a.owner);
    o.set("deputy", a.deputy.empty() ? std::string("—") : a.deputy);
    o.set("mfa", a.mfa ? tr("あり", "yes") : tr("なし", "no"));
    o.set("listed_at", a.listed_at.empty() ? std::string("—") : a.listed_at);
    o.set("last_review", date_text(a.last_review));
    rows.push_back(o);
  }
  mst::data pl{mst::data::type::list};
  for (const reg::SnsProblem& p : *problems) {
    mst::data o;
    o.set("account", p.account);
    o.set("rule", p.rule_id);
    o.set("message", p.message);
    pl.push_back(o);
  }
  mst::data d;
  d.set("accounts", rows);
  d.set("problems", pl);
  d.set("can_edit", reg::at_least(s.role, Role::reviewer));
  std::vector<std::pair<std::string, std::string>> services;
  for (std::string_view n : reg::service_names()) {
    services.emplace_back(std::string(n), reg::label(*reg::parse_service(n)));
  }
  d.set("services", options_list(services, error.empty() ? std::string() : field(req, "service")));
  for (const char* f : {"handle", "url", "department", "owner", "deputy", "procedure_doc",
                        "listed_at", "purpose"}) {
    d.set(std::string("form_") + f, error.empty() ? std::string() : field(req, f));
  }
  page(res, &s, tr("公式SNSアカウント", "social-media accounts"), "sns.html", d, status, error);
}

void Server::Impl::sns_add(const Request& req, Response& res, const Session& s) {
  reg::Account a;
  const auto service = reg::parse_service(field(req, "service"));
  if (!service) {
    sns(req, res, s, tr("サービスが不明です", "unknown service"), 400);
    return;
  }
  a.service = *service;
  a.handle = std::string(str::trim(field(req, "handle")));
  a.url = std::string(str::trim(field(req, "url")));
  a.department = std::string(str::trim(field(req, "department")));
  a.owner = std::string(str::trim(field(req, "owner")));
  a.deputy = std::string(str::trim(field(req, "deputy")));
  a.procedure_doc = field(req, "procedure_doc");
  a.listed_at = std::string(str::trim(field(req, "listed_at")));
  a.purpose = field(req, "purpose");
  a.mfa = field(req, "mfa") == "1";
  a.profile_names_body = field(req, "profile_names_body") == "1";
  // validate_account and add_account: the checks and messages of `keiyaku sns add`.
  if (auto st = reg::validate_account(a); !st) {
    sns(req, res, s, st.error().message, 400);
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto added = r->add_account(a);
  if (!added) {
    sns(req, res, s, added.error().message, added.error().code == ErrorCode::conflict ? 409 : 400);
    return;
  }
  res.set_redirect("/sns", 303);
}

void Server::Impl::sns_account(
    const Request& req, Response& res, const Session& s, const std::string& error, int status) {
  const auto id = to_id(req.matches[1].str());
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto a = r->get_account(id.value_or(0));
  if (!a) {
    error_page(res, &s, a.error(), "/sns");
    return;
  }
  auto problems = r->check_accounts();
  if (!problems) {
    error_page(res, &s, problems.error());
    return;
  }
  mst::data d;
  d.set("id", std::to_string(a->id));
  d.set("service", reg::label(a->service));
  d.set("handle", a->handle);
  d.set("url", a->url);
  d.set("department", a->department);
  d.set("owner", a->owner);
  d.set("owner_department", a->owner_department);
  d.set("deputy", a->deputy.empty() ? std::string("—") : a->deputy);
  d.set("deputy_raw", a->deputy);
  d.set("procedure_doc", a->procedure_doc.empty() ? std::string("—") : a->procedure_doc);
  d.set("listed_at", a->listed_at.empty() ? std::string("—") : a->listed_at);
  d.set("mfa", a->mfa ? tr("あり", "yes") : tr("なし", "no"));
  d.set("last_review", date_text(a->last_review));
  d.set("last_post", date_text(a->last_post));
  d.set("retired", a->retired_at.has_value());
  d.set("retire_reason", a->retire_reason);
  d.set("today", reg::to_iso(r->clock().today));
  mst::data pl{mst::data::type::list};
  for (const reg::SnsProblem& p : *problems) {
    if (p.account_id == a->id) {
      mst::data o;
      o.set("rule", p.rule_id);
      o.set("message", p.message);
      pl.push_back(o);
    }
  }
  d.set("problems", pl);
  d.set("can_edit", reg::at_least(s.role, Role::reviewer));
  page(res, &s, a->handle, "sns_account.html", d, status, error);
}

// 点検, 責任者, 廃止: the registry's operations behind `keiyaku sns review|set-owner|retire`.
void Server::Impl::sns_change(const Request& req, Response& res, const Session& s) {
  const auto id = to_id(req.matches[1].str()).value_or(0);
  const std::string what = req.matches[2].str();
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  Expected<reg::Account> changed = Error(ErrorCode::internal, "");
  if (what == "review") {
    auto on = reg::parse_date(field(req, "date"));
    if (!on) {
      sns_account(req, res, s, tr("点検日: ", "date: ") + on.error().message, 400);
      return;
    }
    std::optional<reg::Date> last_post;
    if (auto lp = opt_field(req, "last_post")) {
      auto d = reg::parse_date(*lp);
      if (!d) {
        sns_account(req, res, s, tr("最終投稿日: ", "last post: ") + d.error().message, 400);
        return;
      }
      last_post = *d;
    }
    changed = r->review_account(id, *on, last_post);
  } else if (what == "owner") {
    changed =
        r->set_owner(id, std::string(str::trim(field(req, "owner"))), opt_field(req, "deputy"));
  } else {
    changed = r->retire_account(id, std::string(str::trim(field(req, "reason"))));
  }
  if (!changed) {
    sns_account(req, res, s, changed.error().message,
                changed.error().code == ErrorCode::not_found ? 404 : 400);
    return;
  }
  res.set_redirect("/sns/" + std::to_string(id), 303);
}

// --- History ---

// Every waiver (例外承認) recorded, as `keiyaku waive --list` prints them, with whether it still
// applies today; a waiver recorded against a file's SHA-256 links to the contract of that file.
void Server::Impl::waivers(const Request& req, Response& res, const Session& s) {
  (void)req;
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto list = r->list_waivers();
  if (!list) {
    error_page(res, &s, list.error());
    return;
  }
  reg::ReviewStore store(*r);
  auto latest = store.latest(reg::WithFindings::no);
  if (!latest) {
    error_page(res, &s, latest.error());
    return;
  }
  std::map<std::string, const reg::ContractReview*> by_sha;
  std::map<int64_t, const reg::ContractReview*> by_id;
  for (const reg::ContractReview& c : *latest) {
    by_sha.emplace(c.sha256, &c);
    by_id.emplace(c.contract_id, &c);
  }
  const reg::Date today = r->clock().today;
  mst::data rows{mst::data::type::list};
  size_t active = 0;
  for (auto it = list->rbegin(); it != list->rend(); ++it) {
    const reg::Waiver& w = *it;
    mst::data o;
    o.set("requirement", w.requirement_id);
    o.set("reason", w.reason);
    o.set("approver", w.approver);
    o.set("until", reg::to_iso(w.until));
    o.set("created_at", w.created_at);
    const bool live = !(w.until < today);
    active += live ? 1 : 0;
    o.set("active", live);
    std::optional<int64_t> contract_id = w.contract.id;
    std::string shown = w.contract.text;
    if (auto found = by_sha.find(w.contract.text); !contract_id && found != by_sha.end()) {
      contract_id = found->second->contract_id;
      shown = found->second->path;
    } else if (auto tied = contract_id ? by_id.find(*contract_id) : by_id.end(); tied != by_id.end()) {
      shown = tied->second->path;  // the contract it is tied to, wherever its text is now
    }
    o.set("contract", shown);
    if (contract_id) {
      o.set("contract_href", "/contracts/" + std::to_string(*contract_id));
    }
    rows.push_back(o);
  }
  mst::data d;
  d.set("waivers", rows);
  d.set("count", std::to_string(list->size()));
  d.set("active_count", std::to_string(active));
  d.set("today", reg::to_iso(today));
  page(res, &s, tr("例外承認", "waivers"), "waivers.html", d);
}

namespace {

// What a kept evidence file is, from its first bytes: the browser is never trusted with the type,
// and an unknown kind is sent as bytes to save.
std::pair<std::string, std::string> evidence_type(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts("%PDF-")) {
    return {"application/pdf", "pdf"};
  }
  if (starts("\x89PNG\r\n\x1a\n")) {
    return {"image/png", "png"};
  }
  if (starts("\xFF\xD8\xFF")) {
    return {"image/jpeg", "jpg"};
  }
  if (starts("PK\x03\x04")) {
    return {"application/zip", "zip"};  // DOCX and XLSX are ZIP files; saved, never shown inline
  }
  return {"application/octet-stream", "bin"};
}

}  // namespace

// The evidence file of one verification of one vendor: only a file this server kept under its
// SHA-256 (never the path in the registry, which `vendor verify --evidence` may have set to any
// file of the server), and only while its bytes still have that hash.
void Server::Impl::evidence(const Request& req, Response& res, const Session& s) {
  const auto vendor_id = to_id(req.matches[1].str());
  const auto verification_id = to_id(req.matches[2].str());
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto not_found = [&] {
    message(res, &s, 404, tr("見つかりません", "not found"),
            tr("この確認記録には、このサーバーで保存した証跡ファイルがありません。",
               "this verification has no evidence file kept by this server"),
            "/vendors/" + std::to_string(vendor_id.value_or(0)));
  };
  auto list = r->list_verifications(vendor_id.value_or(0));
  if (!list) {
    error_page(res, &s, list.error());
    return;
  }
  auto x = std::find_if(list->begin(), list->end(), [&](const reg::Verification& v) {
    return v.id == verification_id.value_or(0) && v.vendor_id == vendor_id.value_or(0);
  });
  if (x == list->end() || !x->evidence_sha256 || x->evidence_sha256->size() != 64 ||
      x->evidence_sha256->find_first_not_of("0123456789abcdef") != std::string::npos) {
    not_found();
    return;
  }
  auto bytes = file::read(data_dir + "/evidence/" + *x->evidence_sha256);
  if (!bytes) {
    not_found();
    return;
  }
  if (sha256_hex(*bytes) != *x->evidence_sha256) {
    message(res, &s, 409, tr("証跡ファイルが変わっています", "the evidence file has changed"),
            tr("保存された証跡ファイルの SHA-256 が記録と一致しません。",
               "the kept evidence file's SHA-256 differs from the one recorded"),
            "/vendors/" + std::to_string(*vendor_id));
    return;
  }
  const auto [type, ext] = evidence_type(std::string_view(*bytes).substr(0, 16));
  res.set_header("Content-Disposition",
                 "attachment; filename=\"evidence-" + std::to_string(*vendor_id) + "-" +
                     reg::to_iso(x->verified_on) + "-" + std::to_string(x->id) + "." + ext + "\"");
  res.set_content(*bytes, type);
}

void Server::Impl::history(const Request& req, Response& res, const Session& s) {
  (void)req;
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  auto v = r->verify(std::nullopt);
  auto rows = r->history("", std::nullopt);
  if (!v || !rows) {
    error_page(res, &s, !v ? v.error() : rows.error());
    return;
  }
  mst::data d;
  d.set("ok", v->ok());
  mst::data problems{mst::data::type::list};
  for (const std::string& p : v->problems) {
    problems.push_back(mst::data(p));
  }
  d.set("problems", problems);
  d.set("rows", std::to_string(v->history_rows));
  d.set("schema", std::to_string(v->schema_version));
  d.set("head_hash", v->head_hash);
  mst::data list{mst::data::type::list};
  size_t shown = 0;
  for (auto it = rows->rbegin(); it != rows->rend() && shown < k_history_rows; ++it, ++shown) {
    mst::data o;
    o.set("id", std::to_string(it->id));
    o.set("at", it->at);
    o.set("by", it->by);
    o.set("entity", it->entity);
    o.set("entity_id", std::to_string(it->entity_id));
    o.set("action", it->action);
    std::string after = it->after.value_or("");
    if (after.size() > 400) {
      size_t cut = 400;
      while (cut > 0 && (static_cast<unsigned char>(after[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      after = after.substr(0, cut) + "…";
    }
    o.set("after", after);
    list.push_back(o);
  }
  d.set("entries", list);
  d.set("shown", std::to_string(shown));
  page(res, &s, tr("変更履歴", "history"), "history.html", d);
}

// --- Users (admins) ---

void Server::Impl::users(const Request& req,
                         Response& res,
                         const Session& s,
                         const std::string& error,
                         int status,
                         const std::string& notice) {
  (void)req;
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::UserStore store(*r);
  auto list = store.list();
  if (!list) {
    error_page(res, &s, list.error());
    return;
  }
  std::vector<std::pair<std::string, std::string>> roles;
  for (Role role : {Role::viewer, Role::reviewer, Role::approver, Role::admin}) {
    roles.emplace_back(std::string(reg::name(role)), reg::label(role));
  }
  mst::data rows{mst::data::type::list};
  for (const reg::User& u : *list) {
    mst::data o;
    o.set("name", u.name);
    o.set("role_label", reg::label(u.role));
    o.set("disabled", u.disabled);
    o.set("created_at", u.created_at);
    o.set("roles", options_list(roles, std::string(reg::name(u.role))));
    rows.push_back(o);
  }
  mst::data d;
  d.set("users", rows);
  d.set("new_roles", options_list(roles, "viewer"));
  page(res, &s, tr("利用者", "users"), "users.html", d, status, error, notice);
}

std::optional<std::string> Server::Impl::new_password_hash(const Request& req, Response& res, const Session& s,
                                                           const std::string& password) {
  if (auto st = validate_password(password); !st) {
    users(req, res, s, st.error().message, 400);
    return std::nullopt;
  }
  auto hash = hash_password(password);
  if (!hash) {
    error_page(res, &s, hash.error());
    return std::nullopt;
  }
  return std::move(*hash);
}

void Server::Impl::user_add(const Request& req, Response& res, const Session& s) {
  const std::string name = std::string(str::trim(field(req, "name")));
  const auto role = reg::parse_role(field(req, "role"));
  const std::string password = field(req, "password");
  if (!role) {
    users(req, res, s, tr("役割が不明です", "unknown role"), 400);
    return;
  }
  const auto hash = new_password_hash(req, res, s, password);
  if (!hash) {
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::UserStore store(*r);
  auto added = store.add(name, *role, *hash);
  if (!added) {
    users(req, res, s, added.error().message,
          added.error().code == ErrorCode::conflict ? 409 : 400);
    return;
  }
  res.set_redirect("/users", 303);
}

void Server::Impl::user_role(const Request& req, Response& res, const Session& s) {
  const std::string name = field(req, "name");
  const auto role = reg::parse_role(field(req, "role"));
  const bool disabled = field(req, "disabled") == "1";
  if (!role) {
    users(req, res, s, tr("役割が不明です", "unknown role"), 400);
    return;
  }
  if (name == s.user && (*role != Role::admin || disabled)) {
    users(req, res, s,
          tr("自分自身の管理者権限は外せません", "you cannot remove your own administrator role"),
          400);
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::UserStore store(*r);
  auto found = store.find(name);
  if (!found || !*found) {
    users(req, res, s,
          found ? tr("不明な利用者です: ", "unknown user: ") + name : found.error().message, 404);
    return;
  }
  if ((*found)->user.role != *role) {
    if (auto u = store.set_role(name, *role); !u) {
      users(req, res, s, u.error().message, 400);
      return;
    }
  }
  if ((*found)->user.disabled != disabled) {
    if (auto u = store.set_disabled(name, disabled); !u) {
      users(req, res, s, u.error().message, 400);
      return;
    }
  }
  sessions.remove_user(name);  // the new role applies from the next sign-in
  res.set_redirect("/users", 303);
}

// An administrator sets a new password for an account (one forgotten, or one to be changed at
// once): the same checks and hash as `keiyaku user passwd`; the password is never shown or kept
// anywhere but as its hash, and the history row names the administrator, without the hash.
void Server::Impl::user_password(const Request& req, Response& res, const Session& s) {
  const std::string name = field(req, "name");
  const std::string password = field(req, "password");
  if (password != field(req, "password2")) {
    users(req, res, s, tr("2つのパスワードが一致しません", "the two passwords differ"), 400);
    return;
  }
  const auto hash = new_password_hash(req, res, s, password);
  if (!hash) {
    return;
  }
  auto r = open(&s);
  if (!r) {
    error_page(res, &s, r.error());
    return;
  }
  reg::UserStore store(*r);
  auto found = store.find(name);
  if (!found || !*found) {
    users(req, res, s,
          found ? tr("不明な利用者です: ", "unknown user: ") + name : found.error().message, 404);
    return;
  }
  if (auto u = store.set_password(name, *hash); !u) {
    users(req, res, s, u.error().message, 400);
    return;
  }
  if (name != s.user) {
    sessions.remove_user(name);  // whoever knew the old password is signed out
  }
  users(req, res, s, "", 200, tr("パスワードを再設定しました: ", "password reset: ") + name);
}

// --- Routes ---

void Server::Impl::routes() {
  httplib::Server& h = *http;
  h.Get("/static/style.css", [](const Request&, Response& res) {
    res.set_content(std::string(embedded_file("style.css")), "text/css; charset=utf-8");
  });
  h.Get("/static/app.js", [](const Request&, Response& res) {
    res.set_content(std::string(embedded_file("app.js")), "text/javascript; charset=utf-8");
  });
  h.Get("/login", [this](const Request& req, Response& res) {
    if (session_of(req)) {
      res.set_redirect("/", 303);
      return;
    }
    login_page(req, res, "", "", 200);
  });
  h.Post("/login", [this](const Request& req, Response& res) { login(req, res); });
  post("/logout", Role::viewer, [this](const Request& req, Response& res, const Session&) {
    sessions.remove(cookie_value(req, k_session_cookie));
    res.set_header("Set-Cookie", std::string(k_session_cookie) + "=" + cookie_attrs("/", 0));
    res.set_redirect("/login", 303);
  });
  get("/", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { home(req, res, s); });
  post("/review", Role::reviewer,
       [this](const Request& req, Response& res, const Session& s) { upload(req, res, s); });
  get("/contracts", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { contracts(req, res, s); });
  get("/contracts/print", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) {
        print_contracts(req, res, s);
      });
  get(R"(/contracts/(\d+))", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { contract(req, res, s); });
  get(R"(/contracts/(\d+)/download/(json|csv|xlsx|html|docx))", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { download(req, res, s); });
  post_write(
      R"(/contracts/(\d+)/waivers)", Role::approver,
      [this](const Request& req, Response& res, const Session& s) { waiver_add(req, res, s); });
  get("/vendors", Role::viewer, [this](const Request& req, Response& res, const Session& s) {
    vendors(req, res, s, "", 200);
  });
  post_write(
      "/vendors", Role::reviewer,
      [this](const Request& req, Response& res, const Session& s) { vendor_add(req, res, s); });
  get(R"(/vendors/(\d+))", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) {
        vendor(req, res, s, "", 200);
      });
  post_write(
      R"(/vendors/(\d+))", Role::reviewer,
      [this](const Request& req, Response& res, const Session& s) { vendor_edit(req, res, s); });
  post_write(R"(/vendors/(\d+)/verifications)", Role::reviewer,
             [this](const Request& req, Response& res, const Session& s) {
               verification_add(req, res, s);
             });
  post_write(R"(/vendors/(\d+)/certificates)", Role::reviewer,
             [this](const Request& req, Response& res, const Session& s) {
               certificate_add(req, res, s);
             });
  post_write(
      R"(/vendors/(\d+)/remove)", Role::reviewer,
      [this](const Request& req, Response& res, const Session& s) { vendor_remove(req, res, s); });
  post_write(
      R"(/vendors/(\d+)/certificates/(\d+)/remove)", Role::reviewer,
      [this](const Request& req, Response& res, const Session& s) { vendor_remove(req, res, s); });
  get("/sns", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { sns(req, res, s, "", 200); });
  post_write("/sns", Role::reviewer,
             [this](const Request& req, Response& res, const Session& s) { sns_add(req, res, s); });
  get(R"(/sns/(\d+))", Role::viewer, [this](const Request& req, Response& res, const Session& s) {
    sns_account(req, res, s, "", 200);
  });
  post_write(
      R"(/sns/(\d+)/(review|owner|retire))", Role::reviewer,
      [this](const Request& req, Response& res, const Session& s) { sns_change(req, res, s); });
  get("/history", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { history(req, res, s); });
  get("/waivers", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { waivers(req, res, s); });
  get(R"(/vendors/(\d+)/verifications/(\d+)/evidence)", Role::viewer,
      [this](const Request& req, Response& res, const Session& s) { evidence(req, res, s); });
  get("/users", Role::admin,
      [this](const Request& req, Response& res, const Session& s) { users(req, res, s, "", 200); });
  post_write("/users", Role::admin, [this](const Request& req, Response& res, const Session& s) {
    user_add(req, res, s);
  });
  post_write(
      "/users/role", Role::admin,
      [this](const Request& req, Response& res, const Session& s) { user_role(req, res, s); });
  post_write(
      "/users/password", Role::admin,
      [this](const Request& req, Response& res, const Session& s) { user_password(req, res, s); });

  // Errors the library answers itself (no route, a body over the limit) get a page too.
  h.set_error_handler(
      httplib::Server::HandlerWithResponse([this](const Request& req, Response& res) {
        if (!res.body.empty()) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        auto s = session_of(req);
        const Session* sp = s ? &*s : nullptr;
        if (res.status == 413) {
          message(res, sp, 413, tr("ファイルが大きすぎます", "the file is too large"),
                  tr("送信できるのは ", "the limit is ") +
                      std::to_string(options.max_upload >> 20U) + " MB" + tr(" までです。", "."));
        } else if (res.status == 404) {
          message(res, sp, 404, tr("見つかりません", "not found"),
                  tr("そのページはありません。", "there is no such page"));
        } else {
          message(res, sp, res.status, tr("要求を処理できません", "the request cannot be handled"),
                  "HTTP " + std::to_string(res.status));
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  h.set_exception_handler([this](const Request&, Response& res, const std::exception_ptr& ep) {
    std::string what = tr("不明なエラー", "unknown error");
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    message(res, nullptr, 500, tr("サーバーの処理に失敗しました", "the server failed"),
            tr("内部エラー: ", "internal error: ") + what);
  });
}

// --- Life cycle ---

Expected<std::unique_ptr<Server>> Server::start(const Options& options,
                                                const review::Engine& engine) {
  if (auto st = init_crypto(); !st) {
    return st.error();
  }
  // The templates are part of the program: one that does not parse is a bug, found here at once.
  for (const char* name :
       {"layout.html", "login.html", "message.html", "home.html", "contract_rows.html",
        "contracts.html", "contract.html", "print.html", "vendors.html", "vendor.html", "sns.html",
        "history.html", "users.html"}) {
    mst::mustache tmpl{std::string(embedded_file(name))};
    if (embedded_file(name).empty() || !tmpl.is_valid()) {
      return Error(ErrorCode::internal,
                   std::string("src/serve/templates/") + name + ": " + tmpl.error_message());
    }
  }
  auto impl = std::make_unique<Impl>(options, engine);
  // The registry is created and migrated once here; requests open it without migrating.
  {
    reg::OpenOptions o;
    o.path = options.db;
    o.by = "keiyaku-serve";
    o.clock = reg::system_clock();
    o.fold = text::identifier_key;
    auto r = reg::Registry::open(o);
    if (!r) {
      return r.error();
    }
  }
  impl->data_dir = options.data_dir;
  if (impl->data_dir.empty()) {
    const fs::path parent = fs::path(options.db).parent_path();
    impl->data_dir = ((parent.empty() ? fs::path(".") : parent) / "keiyaku-files").string();
  }
  std::error_code ec;
  fs::create_directories(impl->data_dir, ec);
  if (ec) {
    return Error(ErrorCode::io,
                 impl->data_dir + ": " +
                     tr("データ用のフォルダを作れません: ", "cannot create the data folder: ") +
                     ec.message());
  }
  impl->requirements_dir =
      options.requirements_dir.empty() ? catalog::default_dir() : options.requirements_dir;
  auto version = catalog::version(impl->requirements_dir);
  if (!version) {
    return version.error();
  }
  impl->catalog_version = *version;
  if (fs::is_directory(impl->requirements_dir + "/profiles", ec)) {
    auto profiles = profile::load_dir(impl->requirements_dir + "/profiles");
    if (!profiles) {
      return profiles.error();
    }
    for (const profile::Profile& p : *profiles) {
      auto text = file::read(p.file);
      if (!text) {
        return text.error();
      }
      impl->profiles.push_back({p.name, p.body, p.file, sha256_hex(*text).substr(0, 16)});
    }
  }
  auto dummy = hash_password(random_token());
  if (!dummy) {
    return dummy.error();
  }
  impl->dummy_hash = *dummy;

  if (!options.tls_cert.empty() || !options.tls_key.empty()) {
    auto tls =
        std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid()) {
      return Error(ErrorCode::io,
                   options.tls_cert + ", " + options.tls_key + ": " +
                       tr("証明書か鍵を読めません", "cannot read the certificate or the key"));
    }
    impl->http = std::move(tls);
  } else {
    impl->http = std::make_unique<httplib::Server>();
  }
  httplib::Server& h = *impl->http;
  const unsigned workers = options.workers;
  const size_t queue = options.queue;
  h.new_task_queue = [workers, queue] { return new BoundedPool(workers, queue); };
  h.set_payload_max_length(options.max_upload + (64U << 10U));  // the form around the file
  h.set_keep_alive_max_count(20);
  h.set_keep_alive_timeout(2);
  h.set_read_timeout(30, 0);
  h.set_write_timeout(60, 0);
  h.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src "
       "'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  });
  h.set_pre_routing_handler([raw = impl.get()](const Request& req, Response& res) {
    const Lang lang = raw->request_lang(req, res);
    set_thread_lang(lang);
    t_page_path = req.method == "GET" && req.path.rfind("/static/", 0) != 0 ? req.path : "";
    res.set_header("Content-Language", lang == Lang::en ? "en" : "ja");
    res.set_header("Vary", "Accept-Language, Cookie");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  impl->routes();
  h.set_socket_options([raw = impl.get()](socket_t sock) {
    httplib::default_socket_options(sock);
    raw->listen_socket = sock;
  });
  if (options.port == 0) {
    impl->port = h.bind_to_any_port(options.host);
  } else {
    impl->port = h.bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (impl->port <= 0) {
    return Error(ErrorCode::io, options.host + ":" + std::to_string(options.port) + ": " +
                                    tr("待ち受けできません（使用中か、権限がありません）",
                                       "cannot listen (in use, or not allowed)"));
  }
  // cpp-httplib listens with a backlog of 5: a burst of 20 connections overflowed the kernel's
  // queue and a request was now and then lost (the client read a reset). Listening again on the
  // bound socket raises the backlog; the worker pool still bounds what is taken from it.
  if (impl->listen_socket >= 0) {
    ::listen(impl->listen_socket, SOMAXCONN);
  }
  Impl* p = impl.get();
  impl->thread = std::thread([p] {
    p->http->listen_after_bind();
    std::lock_guard lock(p->stop_mutex);
    p->stopped = true;
    p->stopped_cv.notify_all();
  });
  // Serving before returning, so that stop() always finds the loop to end.
  while (!impl->http->is_running()) {
    std::lock_guard lock(impl->stop_mutex);
    if (impl->stopped) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Server::~Server() {
  stop();
}

int Server::port() const {
  return m_impl->port;
}

void Server::wait() {
  std::unique_lock lock(m_impl->stop_mutex);
  m_impl->stopped_cv.wait(lock, [&] { return m_impl->stopped; });
}

void Server::stop() {
  if (m_impl->http) {
    m_impl->http->stop();
  }
  if (m_impl->thread.joinable()) {
    m_impl->thread.join();
  }
}

}  // namespace keiyaku::serve
