// HTTP tests: the server runs on a free port of 127.0.0.1 and every test makes real requests.

#include <base/file.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>
#include <registry/users.hpp>
#include <review/review.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <regex>
#include <serve/security.hpp>
#include <serve/server.hpp>
#include <support/temp_dir.hpp>
#include <thread>

namespace keiyaku::serve {
namespace {

namespace reg = keiyaku::registry;
const char* const k_password = "long enough password";

std::string sample(const std::string& name) {
  auto bytes = file::read(test::source_dir() + "/samples/" + name);
  EXPECT_TRUE(bytes) << name;
  return bytes ? *bytes : std::string();
}

class ServeHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto e = review::Engine::load({test::source_dir() + "/requirements"});
    ASSERT_TRUE(e) << e.error().message;
    s_engine = new review::Engine(std::move(*e));
  }
  static void TearDownTestSuite() {
    delete s_engine;
    s_engine = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(init_crypto());
    m_db = m_dir.file("keiyaku.db");
    reg::OpenOptions o;
    o.path = m_db;
    o.by = "setup";
    o.clock = reg::system_clock();
    auto r = reg::Registry::open(o);
    ASSERT_TRUE(r) << r.error().message;
    reg::UserStore users(*r);
    auto hash = hash_password(k_password);
    ASSERT_TRUE(hash);
    for (const auto& [name, role] :
         std::vector<std::pair<std::string, reg::Role>>{{"etsuran", reg::Role::viewer},
                                                        {"shinsa", reg::Role::reviewer},
                                                        {"kanri", reg::Role::admin}}) {
      ASSERT_TRUE(users.add(name, role, *hash));
    }
    Options so;
    so.db = m_db;
    so.port = 0;
    so.data_dir = m_dir.file("data");
    so.requirements_dir = test::source_dir() + "/requirements";
    so.max_upload = 1U << 20U;
    so.workers = 4;
    auto s = Server::start(so, *s_engine);
    ASSERT_TRUE(s) << s.error().message;
    m_server = std::move(*s);
    ASSERT_GT(m_server->port(), 0);
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", m_server->port());
    c.set_read_timeout(60, 0);
    return c;
  }

  struct Login {
    std::string cookie;  // "ky_session=..."
    std::string csrf;
  };

  static std::string csrf_in(const std::string& html) {
    std::smatch m;
    static const std::regex re(R"re(name="csrf" value="([0-9a-f]+)")re");
    return std::regex_search(html, m, re) ? m[1].str() : std::string();
  }

  // Signs in as `user`, returning the session cookie and the CSRF token of its forms.
  Login login(const std::string& user, const std::string& password = k_password) {
    auto c = client();
    auto page = c.Get("/login");
    EXPECT_TRUE(page);
    const std::string set = page->get_header_value("Set-Cookie");
    const std::string login_cookie = set.substr(0, set.find(';'));
    httplib::Params form{{"user", user}, {"password", password}, {"csrf", csrf_in(page->body)}};
    auto res = c.Post("/login", {{"Cookie", login_cookie}}, form);
    EXPECT_TRUE(res);
    Login out;
    if (res && res->status == 303) {
      const std::string cookie = res->get_header_value("Set-Cookie");
      out.cookie = cookie.substr(0, cookie.find(';'));
      auto home = c.Get("/", {{"Cookie", out.cookie}});
      EXPECT_TRUE(home);
      out.csrf = csrf_in(home->body);
    }
    return out;
  }

  httplib::Result post(const Login& who, const std::string& path, httplib::Params form) {
    auto c = client();
    return c.Post(path.c_str(), {{"Cookie", who.cookie}}, form);
  }

  httplib::Result upload(const Login& who,
                         const std::string& filename,
                         const std::string& bytes,
                         const std::string& csrf) {
    auto c = client();
    httplib::MultipartFormDataItems items{{"csrf", csrf, "", ""},
                                          {"file", bytes, filename, "application/octet-stream"}};
    return c.Post("/review", {{"Cookie", who.cookie}}, items);
  }

  httplib::Result get(const Login& who, const std::string& path) {
    auto c = client();
    return c.Get(path.c_str(), {{"Cookie", who.cookie}});
  }

  reg::Registry open_registry() {
    reg::OpenOptions o;
    o.path = m_db;
    o.mode = reg::OpenMode::must_exist;
    o.clock = reg::system_clock();
    auto r = reg::Registry::open(o);
    EXPECT_TRUE(r);
    return std::move(*r);
  }

  static review::Engine* s_engine;
  test::TempDir m_dir;
  std::string m_db;
  std::unique_ptr<Server> m_server;
};

review::Engine* ServeHttp::s_engine = nullptr;

TEST_F(ServeHttp, SignInGivesAStrictHttpOnlyCookieAndPagesCarrySecurityHeaders) {
  auto c = client();
  auto anonymous = c.Get("/");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_EQ(anonymous->get_header_value("Location"), "/login");
  auto page = c.Get("/login");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  const std::string csp = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(page->body.find("lang=\"ja\""), std::string::npos);

  Login who = login("shinsa");
  ASSERT_FALSE(who.cookie.empty());
  ASSERT_FALSE(who.csrf.empty());
  // The cookie's attributes, as the browser receives them.
  auto again = client().Get("/login");
  const std::string set = again->get_header_value("Set-Cookie");
  httplib::Params form{
      {"user", "shinsa"}, {"password", k_password}, {"csrf", csrf_in(again->body)}};
  auto res = client().Post("/login", {{"Cookie", set.substr(0, set.find(';'))}}, form);
  ASSERT_TRUE(res);
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age="), std::string::npos) << cookie;
  auto home = get(who, "/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_NE(home->body.find("shinsa"), std::string::npos);

  // After signing out the cookie is worth nothing.
  auto out = post(who, "/logout", {{"csrf", who.csrf}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_EQ(get(who, "/")->status, 303);
}

TEST_F(ServeHttp, WrongPasswordsAreRefusedAndThenRateLimited) {
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(login("shinsa", "wrong password!").cookie.empty());
  }
  // Now even the right password waits.
  auto page = c.Get("/login");
  const std::string set = page->get_header_value("Set-Cookie");
  httplib::Params form{{"user", "shinsa"}, {"password", k_password}, {"csrf", csrf_in(page->body)}};
  auto res = c.Post("/login", {{"Cookie", set.substr(0, set.find(';'))}}, form);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  // Another user is not locked out by it.
  EXPECT_FALSE(login("kanri").cookie.empty());
  // A sign-in without the login form's token is refused.
  auto forged =
      c.Post("/login", httplib::Params{{"user", "kanri"}, {"password", k_password}, {"csrf", "0"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
}

TEST_F(ServeHttp, AFormWithoutTheSessionsCsrfTokenChangesNothing) {
  Login who = login("shinsa");
  auto res = post(who, "/vendors", {{"name", "株式会社みなと計算センター"}, {"csrf", "deadbeef"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  auto none = post(who, "/vendors", {{"name", "株式会社みなと計算センター"}});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 403);
  // Another session's token is no good either.
  Login other = login("kanri");
  auto cross =
      post(who, "/vendors", {{"name", "株式会社みなと計算センター"}, {"csrf", other.csrf}});
  EXPECT_EQ(cross->status, 403);
  auto r = open_registry();
  EXPECT_TRUE(r.list_vendors()->empty());
  // Without a session at all: asked to sign in.
  auto c = client();
  auto anonymous = c.Post("/vendors", httplib::Params{{"name", "x"}, {"csrf", who.csrf}});
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(ServeHttp, RolesAreEnforcedOnEveryRoute) {
  Login viewer = login("etsuran");
  Login reviewer = login("shinsa");
  EXPECT_EQ(get(viewer, "/vendors")->status, 200);
  EXPECT_EQ(post(viewer, "/vendors", {{"name", "株式会社みなと"}, {"csrf", viewer.csrf}})->status,
            403);
  EXPECT_EQ(upload(viewer, "a.txt", "第1条 乙は秘密を守らなければならない。", viewer.csrf)->status,
            403);
  EXPECT_EQ(post(viewer, "/sns", {{"service", "x"}, {"csrf", viewer.csrf}})->status, 403);
  EXPECT_EQ(get(reviewer, "/users")->status, 403);
  EXPECT_EQ(
      post(reviewer, "/users",
           {{"name", "new"}, {"role", "admin"}, {"password", k_password}, {"csrf", reviewer.csrf}})
          ->status,
      403);
  auto r = open_registry();
  reg::UserStore users(r);
  EXPECT_EQ(users.list()->size(), 3U);
  EXPECT_TRUE(r.list_vendors()->empty());
  // The page offers a viewer no upload form.
  EXPECT_EQ(get(viewer, "/")->body.find("name=\"file\""), std::string::npos);
  EXPECT_NE(get(reviewer, "/")->body.find("name=\"file\""), std::string::npos);
}

TEST_F(ServeHttp, AnAdminAddsUsersAndChangesRolesWithHistory) {
  Login admin = login("kanri");
  auto added = post(
      admin, "/users",
      {{"name", "tanaka"}, {"role", "approver"}, {"password", k_password}, {"csrf", admin.csrf}});
  ASSERT_TRUE(added);
  EXPECT_EQ(added->status, 303);
  auto weak =
      post(admin, "/users",
           {{"name", "ito"}, {"role", "viewer"}, {"password", "short"}, {"csrf", admin.csrf}});
  EXPECT_EQ(weak->status, 400);
  Login tanaka = login("tanaka");
  ASSERT_FALSE(tanaka.cookie.empty());
  auto demoted =
      post(admin, "/users/role",
           {{"name", "tanaka"}, {"role", "viewer"}, {"disabled", "1"}, {"csrf", admin.csrf}});
  EXPECT_EQ(demoted->status, 303);
  EXPECT_EQ(get(tanaka, "/")->status, 303);     // signed out by the change
  EXPECT_TRUE(login("tanaka").cookie.empty());  // disabled
  auto r = open_registry();
  auto h = r.history("user", std::nullopt);
  ASSERT_TRUE(h);
  ASSERT_GE(h->size(), 5U);  // three at setup, the add, the role, the disabling
  EXPECT_EQ(h->back().by, "kanri");
  EXPECT_EQ(h->back().after->find("$argon2id$"), std::string::npos);
}

TEST_F(ServeHttp, AnAdminResetsAPasswordWhichIsNeverShownAndEndsTheOldSessions) {
  Login admin = login("kanri");
  Login viewer = login("etsuran");
  ASSERT_FALSE(viewer.cookie.empty());
  const std::string fresh = "another long password";
  Login reviewer = login("shinsa");
  auto refused = post(
      reviewer, "/users/password",
      {{"name", "etsuran"}, {"password", fresh}, {"password2", fresh}, {"csrf", reviewer.csrf}});
  EXPECT_EQ(refused->status, 403);  // admins only
  auto differ = post(admin, "/users/password",
                     {{"name", "etsuran"},
                      {"password", fresh},
                      {"password2", "something else"},
                      {"csrf", admin.csrf}});
  EXPECT_EQ(differ->status, 400);
  auto shortpw = post(
      admin, "/users/password",
      {{"name", "etsuran"}, {"password", "short"}, {"password2", "short"}, {"csrf", admin.csrf}});
  EXPECT_EQ(shortpw->status, 400);
  auto unknown =
      post(admin, "/users/password",
           {{"name", "nobody"}, {"password", fresh}, {"password2", fresh}, {"csrf", admin.csrf}});
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(get(viewer, "/")->status, 200);  // nothing changed yet
  auto ok =
      post(admin, "/users/password",
           {{"name", "etsuran"}, {"password", fresh}, {"password2", fresh}, {"csrf", admin.csrf}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(ok->body.find(fresh), std::string::npos);  // never echoed
  EXPECT_EQ(get(viewer, "/")->status, 303);            // the old session has ended
  EXPECT_TRUE(login("etsuran").cookie.empty());        // the old password no longer works
  EXPECT_FALSE(login("etsuran", fresh).cookie.empty());
  auto r = open_registry();
  auto h = r.history("user", std::nullopt);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->back().by, "kanri");
  ASSERT_TRUE(h->back().after);
  EXPECT_EQ(h->back().after->find("$argon2id$"), std::string::npos);
  EXPECT_NE(h->back().after->find("etsuran"), std::string::npos);
}

TEST_F(ServeHttp, AnUploadedDraftIsReviewedRecordedAndShownWithFilters) {
  Login who = login("shinsa");
  auto res = upload(who, "outsourcing-tokki.docx", sample("outsourcing-tokki.docx"), who.csrf);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303) << res->body;
  const std::string location = res->get_header_value("Location");
  EXPECT_EQ(location.rfind("/contracts/1?review=", 0), 0U) << location;
  auto page = get(who, location);
  ASSERT_EQ(page->status, 200);
  const std::string& html = page->body;
  EXPECT_NE(html.find("OUT-08"), std::string::npos);
  EXPECT_NE(html.find("st-satisfied"), std::string::npos);
  EXPECT_NE(html.find("outsourcing-tokki.docx"), std::string::npos);
  EXPECT_NE(html.find("<td>shinsa</td>"), std::string::npos);  // who reviewed it
  EXPECT_NE(html.find("download/xlsx"), std::string::npos);
  EXPECT_NE(html.find("download/docx"), std::string::npos);
  // Filtered to one status, only rows of that status remain.
  auto missing = get(who, location + "&status=satisfied");
  EXPECT_NE(missing->body.find("<tr class=\"st-satisfied\">"), std::string::npos);
  EXPECT_EQ(missing->body.find("<tr class=\"st-missing\">"), std::string::npos);
  EXPECT_EQ(missing->body.find("<tr class=\"st-weak\">"), std::string::npos);
  // The registry holds it, under the reviewer's name.
  auto r = open_registry();
  reg::ReviewStore store(r);
  auto latest = store.latest();
  ASSERT_EQ(latest->size(), 1U);
  EXPECT_EQ(latest->front().path, "outsourcing-tokki.docx");
  auto h = r.history("contract", latest->front().contract_id);
  ASSERT_FALSE(h->empty());
  EXPECT_EQ(h->back().by, "shinsa");
  // The same name again is a second review of the same contract; the archive lists it once.
  ASSERT_EQ(
      upload(who, "outsourcing-tokki.docx", sample("outsourcing-tokki.docx"), who.csrf)->status,
      303);
  EXPECT_EQ(store.reviews_of(latest->front().contract_id)->size(), 2U);
  auto archive = get(who, "/contracts?q=tokki");
  EXPECT_NE(archive->body.find("1 件"), std::string::npos);
  auto none = get(who, "/contracts?vendor=nobody");
  EXPECT_NE(none->body.find("0 件"), std::string::npos);
  // Printing the filtered archive: every contract's review, a page break before each but the first.
  ASSERT_EQ(upload(who, "cloud-service.docx", sample("cloud-service.docx"), who.csrf)->status, 303);
  auto print = get(who, "/contracts/print");
  ASSERT_EQ(print->status, 200);
  size_t articles = 0;
  for (size_t at = print->body.find("<article"); at != std::string::npos;
       at = print->body.find("<article", at + 1)) {
    ++articles;
  }
  EXPECT_EQ(articles, 2U);
  EXPECT_EQ(print->body.find("<article class=\"contract-break\">"), print->body.rfind("<article"));
  EXPECT_NE(print->body.find("cloud-service.docx"), std::string::npos);
  auto one = get(who, "/contracts/print?q=cloud");
  EXPECT_EQ(one->body.find("outsourcing-tokki.docx"), std::string::npos);
}

TEST_F(ServeHttp, HostileUploadsAreRefusedInJapaneseAndNothingIsWritten) {
  Login who = login("shinsa");
  // Not a ZIP at all, under a .docx name.
  auto junk = upload(who, "keiyaku.docx", std::string(4096, '\x01'), who.csrf);
  ASSERT_TRUE(junk);
  EXPECT_EQ(junk->status, 422);
  EXPECT_NE(junk->body.find("keiyaku.docx"), std::string::npos);
  // A Word 97-2003 file (CFB signature) renamed .docx.
  std::string cfb("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  cfb.resize(2048, '\0');
  auto doc = upload(who, "old.docx", cfb, who.csrf);
  EXPECT_EQ(doc->status, 422);
  // Larger than the limit: refused before it is read.
  auto big = upload(who, "big.txt", std::string((1U << 20U) + (128U << 10U), 'a'), who.csrf);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  // A name that climbs out of any folder is only a name: the bytes are kept under their hash.
  auto sneaky = upload(who, "../../../../tmp/evil.txt",
                       "第1条 乙は、秘密を保持しなければならない。\n", who.csrf);
  ASSERT_EQ(sneaky->status, 303) << sneaky->body;
  auto r = open_registry();
  reg::ReviewStore store(r);
  auto latest = store.latest();
  ASSERT_EQ(latest->size(), 1U);  // only the good one
  EXPECT_EQ(latest->front().path, "evil.txt");
  for (const auto& e : std::filesystem::recursive_directory_iterator(m_dir.path())) {
    EXPECT_EQ(e.path().filename().string().find("evil"), std::string::npos) << e.path();
  }
  for (const auto& e : std::filesystem::directory_iterator(m_dir.file("data/uploads"))) {
    EXPECT_EQ(e.path().filename().string().size(), 64U) << e.path();
  }
}

TEST_F(ServeHttp, LedgerEditsUseTheRegistrysValidationAndNameTheUser) {
  Login who = login("shinsa");
  // A 法人番号 with a wrong check digit: refused with the registry's message, nothing written.
  auto bad = post(who, "/vendors",
                  {{"name", "株式会社みなと計算センター"},
                   {"corporate_number", "1234567890123"},
                   {"csrf", who.csrf}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("1234567890123"), std::string::npos);
  EXPECT_NE(bad->body.find("value=\"株式会社みなと計算センター\""),
            std::string::npos);  // the form keeps it
  auto r = open_registry();
  EXPECT_TRUE(r.list_vendors()->empty());
  auto good = post(who, "/vendors",
                   {{"name", "株式会社みなと計算センター"},
                    {"corporate_number", "9234567890123"},
                    {"csrf", who.csrf}});
  ASSERT_EQ(good->status, 303) << good->body;
  EXPECT_EQ(good->get_header_value("Location"), "/vendors/1");
  // A verification with an evidence file.
  auto c = client();
  httplib::MultipartFormDataItems items{
      {"csrf", who.csrf, "", ""},
      {"date", "2026-04-01", "", ""},
      {"method", "checksheet", "", ""},
      {"result", "ok", "", ""},
      {"next_due", "2027-04-01", "", ""},
      {"evidence", "チェックシート", "check.pdf", "application/pdf"}};
  auto verified = c.Post("/vendors/1/verifications", {{"Cookie", who.cookie}}, items);
  ASSERT_EQ(verified->status, 303) << verified->body;
  auto list = r.list_verifications(1);
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ(list->front().verified_by, "shinsa");
  ASSERT_TRUE(list->front().evidence_sha256);
  // A certificate added and removed; the vendor cannot be removed while a contract refers to it.
  EXPECT_EQ(post(who, "/vendors/1/certificates",
                 {{"kind", "isms"},
                  {"number", "IS 1"},
                  {"valid_from", "2025-04-01"},
                  {"valid_to", "2028-03-31"},
                  {"csrf", who.csrf}})
                ->status,
            303);
  ASSERT_EQ(r.list_certificates(1)->size(), 1U);
  const std::string cert =
      "/vendors/1/certificates/" + std::to_string(r.list_certificates(1)->front().id);
  EXPECT_EQ(post(who, "/vendors/2/certificates/1/remove", {{"csrf", who.csrf}})->status, 404);
  EXPECT_EQ(post(who, cert + "/remove", {{"csrf", who.csrf}})->status, 303);
  EXPECT_TRUE(r.list_certificates(1)->empty());
  EXPECT_EQ(post(who, "/vendors", {{"name", "株式会社一時"}, {"csrf", who.csrf}})->status, 303);
  EXPECT_EQ(post(who, "/vendors/2/remove", {{"csrf", who.csrf}})->status, 303);
  EXPECT_EQ(r.list_vendors()->size(), 1U);
  // An SNS account without https on the service's domain: the registry's refusal.
  auto sns = post(who, "/sns",
                  {{"service", "x"},
                   {"handle", "@city_koho"},
                   {"url", "http://example.com/city"},
                   {"department", "広報課"},
                   {"owner", "広報課長"},
                   {"csrf", who.csrf}});
  EXPECT_EQ(sns->status, 400);
  auto sns_ok = post(who, "/sns",
                     {{"service", "x"},
                      {"handle", "@city_koho"},
                      {"url", "https://x.com/city_koho"},
                      {"department", "広報課"},
                      {"owner", "広報課長"},
                      {"csrf", who.csrf}});
  EXPECT_EQ(sns_ok->status, 303) << sns_ok->body;
  // The account's page: an owner left empty is refused, a review and a retirement are recorded.
  EXPECT_EQ(get(who, "/sns/1")->status, 200) << get(who, "/sns/1")->body;
  EXPECT_EQ(post(who, "/sns/1/owner", {{"owner", " "}, {"csrf", who.csrf}})->status, 400);
  EXPECT_EQ(post(who, "/sns/1/review", {{"date", "2026-04-02"}, {"csrf", who.csrf}})->status, 303);
  EXPECT_EQ(r.get_account(1)->last_review, reg::parse_date("2026-04-02").value());
  EXPECT_EQ(post(who, "/sns/1/retire", {{"reason", "運用終了"}, {"csrf", who.csrf}})->status, 303);
  EXPECT_TRUE(r.get_account(1)->retired_at);
  EXPECT_EQ(get(who, "/sns/9")->status, 404);
  auto h = r.history("", std::nullopt);
  ASSERT_TRUE(h);
  int by_shinsa = 0;
  for (const reg::HistoryEntry& e : *h) {
    by_shinsa += e.by == "shinsa" ? 1 : 0;
  }
  // vendor, verification, certificate added and removed, a vendor added and removed, account, its
  // review and retirement
  EXPECT_EQ(by_shinsa, 9);
  auto history = get(who, "/history");
  EXPECT_EQ(history->status, 200);
  EXPECT_NE(history->body.find("改ざんは見つかりませんでした"), std::string::npos);
  EXPECT_NE(history->body.find("<td>shinsa</td>"), std::string::npos);
}

TEST_F(ServeHttp, OnlyAnApproverRecordsAWaiverAndTheReviewShowsIt) {
  Login reviewer = login("shinsa");
  Login admin = login("kanri");  // admins may do what approvers may
  ASSERT_EQ(
      upload(reviewer, "outsourcing-tokki.docx", sample("outsourcing-tokki.docx"), reviewer.csrf)
          ->status,
      303);
  auto page = get(reviewer, "/contracts/1");
  EXPECT_EQ(page->body.find("waiver-form"), std::string::npos);
  EXPECT_NE(get(admin, "/contracts/1")->body.find("waiver-form"), std::string::npos);
  // A requirement the review found weak, contradicted or missing.
  std::smatch m;
  const std::string admin_page = get(admin, "/contracts/1")->body;
  ASSERT_TRUE(
      std::regex_search(admin_page, m, std::regex(R"re(<option value="([A-Z]+-[0-9]+)">)re")));
  const std::string id = m[1].str();
  httplib::Params form{
      {"requirement", id}, {"reason", "小規模事業者のため"}, {"until", "2099-03-31"}};
  form.emplace("csrf", reviewer.csrf);
  EXPECT_EQ(post(reviewer, "/contracts/1/waivers", form)->status, 403);
  auto past =
      post(admin, "/contracts/1/waivers",
           {{"requirement", id}, {"reason", "x"}, {"until", "2000-01-01"}, {"csrf", admin.csrf}});
  EXPECT_EQ(past->status, 400);
  auto satisfied = post(
      admin, "/contracts/1/waivers",
      {{"requirement", "OUT-08"}, {"reason", "x"}, {"until", "2099-03-31"}, {"csrf", admin.csrf}});
  EXPECT_EQ(satisfied->status, 400);
  auto r = open_registry();
  EXPECT_TRUE(r.list_waivers()->empty());
  auto ok = post(admin, "/contracts/1/waivers",
                 {{"requirement", id},
                  {"reason", "小規模事業者のため"},
                  {"until", "2099-03-31"},
                  {"csrf", admin.csrf}});
  ASSERT_EQ(ok->status, 303) << ok->body;
  auto waivers = r.list_waivers();
  ASSERT_EQ(waivers->size(), 1U);
  EXPECT_EQ(waivers->front().approver, "kanri");
  EXPECT_EQ(waivers->front().contract.text.size(),
            64U);  // the file's SHA-256, as keiyaku waive records it
  // Tied to the contract too, so that a version saved again keeps it.
  EXPECT_EQ(waivers->front().contract.id, std::optional<int64_t>(1));
  EXPECT_EQ(waivers->front().sha256, waivers->front().contract.text);
  EXPECT_NE(get(reviewer, "/contracts/1")->body.find("例外承認：小規模事業者のため"),
            std::string::npos);
}

TEST_F(ServeHttp, TheWaiverListShowsEveryWaiverWithItsContractAndWhetherItApplies) {
  Login reviewer = login("shinsa");
  Login admin = login("kanri");
  Login viewer = login("etsuran");
  ASSERT_EQ(
      upload(reviewer, "outsourcing-tokki.docx", sample("outsourcing-tokki.docx"), reviewer.csrf)
          ->status,
      303);
  EXPECT_NE(get(viewer, "/waivers")->body.find("例外承認はまだありません"), std::string::npos);
  std::smatch m;
  const std::string admin_page = get(admin, "/contracts/1")->body;
  ASSERT_TRUE(
      std::regex_search(admin_page, m, std::regex(R"re(<option value="([A-Z]+-[0-9]+)">)re")));
  const std::string id = m[1].str();
  ASSERT_EQ(post(admin, "/contracts/1/waivers",
                 {{"requirement", id},
                  {"reason", "小規模事業者のため"},
                  {"until", "2099-03-31"},
                  {"csrf", admin.csrf}})
                ->status,
            303);
  {
    // One recorded by `keiyaku waive` against a reference the archive does not know, now expired.
    auto r = open_registry();
    reg::Waiver w;
    w.contract = reg::ContractRef{std::nullopt, "契約第12号"};
    w.requirement_id = "OUT-01";
    w.reason = "旧契約";
    w.approver = "課長";
    w.until = reg::parse_date("2099-01-01").value();
    ASSERT_TRUE(r.add_waiver(w));
  }
  auto page = get(viewer, "/waivers");
  ASSERT_EQ(page->status, 200);
  const std::string& body = page->body;
  EXPECT_NE(body.find("<td>" + id + "</td>"), std::string::npos);
  EXPECT_NE(body.find("<a href=\"/contracts/1\">outsourcing-tokki.docx</a>"), std::string::npos);
  EXPECT_NE(body.find("小規模事業者のため"), std::string::npos);
  EXPECT_NE(body.find("契約第12号"), std::string::npos);
  EXPECT_NE(body.find("記録された例外承認 2 件"), std::string::npos);
  EXPECT_LT(body.find("旧契約"), body.find("小規模事業者のため"));  // newest first
  EXPECT_EQ(get(Login{}, "/waivers")->status, 303);                 // sign in first
}

TEST_F(ServeHttp, EvidenceFilesAreServedOnlyFromTheServersOwnStoreWithTheirType) {
  Login who = login("shinsa");
  Login viewer = login("etsuran");
  ASSERT_EQ(
      post(who, "/vendors", {{"name", "株式会社みなと計算センター"}, {"csrf", who.csrf}})->status,
      303);
  ASSERT_EQ(post(who, "/vendors", {{"name", "株式会社ほか"}, {"csrf", who.csrf}})->status, 303);
  const std::string pdf = "%PDF-1.4\n% checksheet\n%%EOF\n";
  auto c = client();
  httplib::MultipartFormDataItems items{{"csrf", who.csrf, "", ""},
                                        {"date", "2026-04-01", "", ""},
                                        {"method", "checksheet", "", ""},
                                        {"result", "ok", "", ""},
                                        {"evidence", pdf, "../check.html", "text/html"}};
  ASSERT_EQ(c.Post("/vendors/1/verifications", {{"Cookie", who.cookie}}, items)->status, 303);
  auto r = open_registry();
  const int64_t vid = r.list_verifications(1)->front().id;
  const std::string href = "/vendors/1/verifications/" + std::to_string(vid) + "/evidence";
  EXPECT_NE(get(viewer, "/vendors/1")->body.find("href=\"" + href + "\""), std::string::npos);
  auto got = get(viewer, href);
  ASSERT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->body, pdf);
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/pdf");  // not what the browser said
  const std::string disposition = got->get_header_value("Content-Disposition");
  EXPECT_EQ(disposition.rfind("attachment; filename=\"evidence-1-2026-04-01-", 0), 0U)
      << disposition;
  EXPECT_NE(disposition.find(".pdf\""), std::string::npos);
  EXPECT_EQ(got->get_header_value("X-Content-Type-Options"), "nosniff");
  // Through another vendor, or with no session: refused.
  EXPECT_EQ(get(viewer, "/vendors/2/verifications/" + std::to_string(vid) + "/evidence")->status,
            404);
  EXPECT_EQ(get(Login{}, href)->status, 303);
  // A verification recorded by `vendor verify --evidence` with a file elsewhere on the server: the
  // registry keeps its path and hash, but the server does not send files it did not keep.
  const std::string outside = m_dir.file("outside.txt");
  ASSERT_TRUE(file::write_atomic(outside, "secret of the server"));
  reg::Verification x;
  x.vendor_id = 2;
  x.verified_on = reg::parse_date("2026-04-02").value();
  x.evidence_path = outside;
  x.verified_by = "cli";
  auto added = r.add_verification(x);
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_TRUE(added->evidence_sha256);
  auto refused = get(viewer, "/vendors/2/verifications/" + std::to_string(added->id) + "/evidence");
  EXPECT_EQ(refused->status, 404);
  EXPECT_EQ(refused->body.find("secret of the server"), std::string::npos);
  // A kept file whose bytes no longer match the recorded hash is not sent.
  const std::string kept =
      m_dir.file("data/evidence/" + *r.list_verifications(1)->front().evidence_sha256);
  ASSERT_TRUE(file::write_atomic(kept, "%PDF-1.4 altered"));
  EXPECT_EQ(get(viewer, href)->status, 409);
}

TEST_F(ServeHttp, PagesAreEnglishWhenTheBrowserOrTheUserAsksForIt) {
  auto c = client();
  auto ja = c.Get("/login");
  ASSERT_EQ(ja->status, 200);
  EXPECT_NE(ja->body.find("<html lang=\"ja\">"), std::string::npos);
  EXPECT_NE(ja->body.find("keiyaku にログイン"), std::string::npos);
  EXPECT_EQ(ja->get_header_value("Content-Language"), "ja");
  auto en = c.Get("/login", {{"Accept-Language", "en-GB,en;q=0.9,ja;q=0.5"}});
  EXPECT_NE(en->body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en->body.find("Sign in to keiyaku"), std::string::npos);
  EXPECT_EQ(en->get_header_value("Content-Language"), "en");
  // Japanese preferred over English, and a language the server does not write, are Japanese.
  EXPECT_NE(c.Get("/login", {{"Accept-Language", "en;q=0.4, ja"}})->body.find("ログイン"),
            std::string::npos);
  EXPECT_NE(c.Get("/login", {{"Accept-Language", "fr-FR"}})->body.find("ログイン"),
            std::string::npos);
  // The switch: ?lang=en keeps English in a cookie, over what the browser says.
  Login admin = login("kanri");
  auto switched = c.Get("/users?lang=en", {{"Cookie", admin.cookie}});
  ASSERT_EQ(switched->status, 200);
  const std::string set = switched->get_header_value("Set-Cookie");
  EXPECT_EQ(set.rfind("ky_lang=en;", 0), 0U) << set;
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(switched->body.find("Reset a password"), std::string::npos);
  EXPECT_NE(switched->body.find("href=\"/users?lang=ja\""), std::string::npos);
  const std::string both = admin.cookie + "; ky_lang=en";
  auto page = c.Get("/users", {{"Cookie", both}, {"Accept-Language", "ja"}});
  EXPECT_NE(page->body.find("<h1>Users</h1>"), std::string::npos);
  EXPECT_NE(page->body.find("administrator"), std::string::npos);  // role labels from C++ too
  EXPECT_EQ(page->body.find("管理者"), std::string::npos);
  // Messages written by the server follow: a form without its token, refused in English.
  auto refused = c.Post("/users", {{"Cookie", both}}, httplib::Params{{"name", "x"}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_NE(refused->body.find("CSRF"), std::string::npos);
  EXPECT_NE(refused->body.find("request refused"), std::string::npos);
  // Requests in both languages at once on the shared worker threads each get their own.
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto cc = client();
      const bool english = i % 2 == 0;
      auto res = cc.Get("/users", {{"Cookie", admin.cookie + (english ? "; ky_lang=en" : "")}});
      if (res && res->status == 200 &&
          res->body.find(english ? "<h1>Users</h1>" : "<h1>利用者</h1>") != std::string::npos) {
        ++right;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(right.load(), 16);
}

TEST(ServeTemplates, EveryPageHasAnEnglishTwinWithTheSameFieldsAndNoJapanese) {
  namespace fs = std::filesystem;
  const fs::path dir = test::source_dir() + "/src/serve/templates";
  // Sections, partials and the attributes a form or a test relies on, in order of appearance;
  // then the values shown, in any order (English may put them in another order).
  auto skeleton = [](const std::string& html) {
    static const std::regex re(
        R"re(\{\{[^}]*\}\}|\b(?:name|action|method|id|type|value|href|enctype)="[^"]*")re");
    std::vector<std::string> out;
    std::vector<std::string> values;
    for (std::sregex_iterator it(html.begin(), html.end(), re), end; it != end; ++it) {
      const std::string tag = it->str();
      const bool value =
          tag.rfind("{{", 0) == 0 && std::string("#^/>").find(tag[2]) == std::string::npos;
      (value ? values : out).push_back(tag);
    }
    std::sort(values.begin(), values.end());
    out.insert(out.end(), values.begin(), values.end());
    return out;
  };
  int pages = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".html") {
      continue;
    }
    ++pages;
    const std::string name = e.path().filename().string();
    auto ja = file::read(e.path().string());
    auto en = file::read((dir / "en" / name).string());
    ASSERT_TRUE(ja && en) << name;
    std::vector<std::string> ja_skeleton = skeleton(*ja);
    std::vector<std::string> en_skeleton = skeleton(*en);
    EXPECT_EQ(ja_skeleton, en_skeleton) << name;
    // No kana or kanji in the English pages but the name of the other language on the switch.
    std::string rest = *en;
    if (const size_t at = rest.find(">日本語<"); at != std::string::npos) {
      rest.erase(at, std::string(">日本語<").size());
    }
    bool japanese = false;
    for (size_t i = 0; i + 1 < rest.size(); ++i) {
      const auto b = static_cast<unsigned char>(rest[i]);
      const auto next = static_cast<unsigned char>(rest[i + 1]);
      japanese = japanese || (b == 0xE3 && next >= 0x81 && next <= 0x83) ||  // kana
                 (b >= 0xE4 && b <= 0xE9);                                   // kanji
    }
    EXPECT_FALSE(japanese) << name;
  }
  EXPECT_GE(pages, 15);
}

TEST_F(ServeHttp, DownloadsUseTheReportWriters) {
  Login who = login("etsuran");
  Login reviewer = login("shinsa");
  ASSERT_EQ(
      upload(reviewer, "outsourcing-tokki.docx", sample("outsourcing-tokki.docx"), reviewer.csrf)
          ->status,
      303);
  auto csv = get(who, "/contracts/1/download/csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBF", 0), 0U);
  EXPECT_NE(csv->body.find("OUT-08"), std::string::npos);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto xlsx = get(who, "/contracts/1/download/xlsx");
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.rfind("PK", 0), 0U);
  auto docx = get(who, "/contracts/1/download/docx");
  ASSERT_EQ(docx->status, 200) << docx->body;
  EXPECT_EQ(docx->body.rfind("PK", 0), 0U);
  EXPECT_NE(docx->body.size(), sample("outsourcing-tokki.docx").size());  // comments were added
  auto json = get(who, "/contracts/1/download/json");
  ASSERT_EQ(json->status, 200) << json->body;
  auto j = nlohmann::json::parse(json->body, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["file"], "outsourcing-tokki.docx");
  EXPECT_FALSE(j["requirements"].empty());
  EXPECT_EQ(get(who, "/contracts/1/download/exe")->status, 404);
  EXPECT_EQ(get(who, "/contracts/9/download/csv")->status, 404);
  // Nothing is left behind in the data folder's scratch space.
  EXPECT_TRUE(std::filesystem::is_empty(m_dir.file("data/tmp")));
}

TEST_F(ServeHttp, ConcurrentUploadsAndEditsKeepTheChainIntact) {
  Login who = login("shinsa");
  const std::string text =
      "業務委託契約書\n第1条 乙は、業務上知り得た秘密を第三者に漏らしてはならない。\n";
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::mutex failures_mutex;
  std::string failures;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      httplib::Result res =
          (i % 2 == 0) ? upload(who, "draft-" + std::to_string(i) + ".txt", text, who.csrf)
                       : post(who, "/vendors",
                              {{"name", "株式会社テスト" + std::to_string(i)}, {"csrf", who.csrf}});
      if (res && res->status == 303) {
        ++ok;
      } else {
        const std::lock_guard lock(failures_mutex);
        failures += (res ? std::to_string(res->status) + " " + res->body.substr(0, 2000)
                         : httplib::to_string(res.error())) +
                    "\n";
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(ok.load(), 20) << failures;
  auto r = open_registry();
  reg::ReviewStore store(r);
  EXPECT_EQ(store.latest()->size(), 10U);
  EXPECT_EQ(r.list_vendors()->size(), 10U);
  auto v = r.verify(std::nullopt);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok());
}

// Issue 14: a vendor registered on the ledger page after its contract was uploaded is linked to
// it at once, as `keiyaku vendor add` does.
TEST_F(ServeHttp, AVendorAddedAfterItsContractIsLinkedAtOnce) {
  Login who = login("shinsa");
  ASSERT_EQ(upload(who, "outsourcing-tokki.docx", sample("outsourcing-tokki.docx"), who.csrf)->status, 303);
  auto r = open_registry();
  ASSERT_EQ(r.list_contracts(std::nullopt)->size(), 1U);
  EXPECT_FALSE(r.list_contracts(std::nullopt)->front().vendor_id);
  ASSERT_EQ(post(who, "/vendors", {{"name", "株式会社ミナモ情報システム"}, {"csrf", who.csrf}})->status, 303);
  const auto linked = r.list_contracts(1);
  ASSERT_TRUE(linked);
  EXPECT_EQ(linked->size(), 1U);
  // Another vendor named nowhere links nothing.
  ASSERT_EQ(post(who, "/vendors", {{"name", "株式会社無関係"}, {"csrf", who.csrf}})->status, 303);
  EXPECT_TRUE(r.list_contracts(2)->empty());
}

}  // namespace
}  // namespace keiyaku::serve
