#include <gtest/gtest.h>

#include <serve/security.hpp>

namespace keiyaku::serve {
namespace {

using namespace std::chrono_literals;

class Security : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(init_crypto()); }
};

TEST_F(Security, HashesWithArgon2idAndVerifiesOnlyTheRightPassword) {
  auto h = hash_password("correct horse battery");
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0U);
  EXPECT_TRUE(verify_password("correct horse battery", *h));
  EXPECT_FALSE(verify_password("correct horse batterz", *h));
  EXPECT_FALSE(verify_password("", *h));
  // Salted: the same password hashes differently each time.
  auto h2 = hash_password("correct horse battery");
  ASSERT_TRUE(h2);
  EXPECT_NE(*h, *h2);
  // Anything that is not argon2id is never accepted.
  EXPECT_FALSE(verify_password("x", "$2y$10$abcdefghijklmnopqrstuu"));
}

TEST_F(Security, RefusesShortAndOverlongPasswords) {
  EXPECT_FALSE(validate_password("short"));
  EXPECT_TRUE(validate_password("ten bytes!"));
  EXPECT_FALSE(validate_password(std::string(1025, 'a')));
  EXPECT_FALSE(hash_password(""));
}

TEST_F(Security, TokensAreRandomHexAndComparedWhole) {
  const std::string a = random_token();
  const std::string b = random_token();
  EXPECT_EQ(a.size(), 64U);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
  EXPECT_TRUE(same_secret(a, a));
  EXPECT_FALSE(same_secret(a, b));
  EXPECT_FALSE(same_secret(a, a.substr(0, 63)));
  EXPECT_FALSE(same_secret("", ""));
}

TEST_F(Security, SessionsEndWhenIdleOrTooOld) {
  Sessions sessions(30min, 8h);
  const auto t0 = Clock::now();
  Session s = sessions.create("sato", registry::Role::reviewer, t0);
  EXPECT_NE(s.id, s.csrf);
  auto found = sessions.find(s.id, t0 + 29min);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user, "sato");
  EXPECT_EQ(found->role, registry::Role::reviewer);
  // Seen at 29 min: still alive at 58 min, gone after another 31 idle minutes.
  EXPECT_TRUE(sessions.find(s.id, t0 + 58min));
  EXPECT_FALSE(sessions.find(s.id, t0 + 58min + 31min));
  // Used every 20 minutes it still ends at 8 hours.
  Session busy = sessions.create("suzuki", registry::Role::viewer, t0);
  auto t = t0;
  for (int i = 0; i < 23; ++i) {
    t += 20min;
    ASSERT_TRUE(sessions.find(busy.id, t)) << i;
  }
  EXPECT_FALSE(sessions.find(busy.id, t0 + 8h + 1min));
  EXPECT_FALSE(sessions.find("not-a-session", t0));
}

TEST_F(Security, SessionsOfAUserCanBeEnded) {
  Sessions sessions(30min, 8h, 2);
  const auto t0 = Clock::now();
  Session a = sessions.create("sato", registry::Role::admin, t0);
  Session b = sessions.create("suzuki", registry::Role::viewer, t0 + 1s);
  sessions.remove_user("sato");
  EXPECT_FALSE(sessions.find(a.id, t0 + 2s));
  EXPECT_TRUE(sessions.find(b.id, t0 + 2s));
  // Bounded: a third session drops the least recently seen.
  Session c = sessions.create("tanaka", registry::Role::viewer, t0 + 3s);
  Session d = sessions.create("ito", registry::Role::viewer, t0 + 4s);
  EXPECT_EQ(sessions.size(), 2U);
  EXPECT_FALSE(sessions.find(b.id, t0 + 5s));
  EXPECT_TRUE(sessions.find(c.id, t0 + 5s));
  EXPECT_TRUE(sessions.find(d.id, t0 + 5s));
}

TEST_F(Security, LoginLimiterRefusesAfterRepeatedFailuresForAWindow) {
  LoginLimiter limiter(3, 15min);
  const auto t0 = Clock::now();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.allowed("u:sato", t0));
    limiter.failed("u:sato", t0 + std::chrono::seconds(i));
  }
  EXPECT_FALSE(limiter.allowed("u:sato", t0 + 5min));
  EXPECT_TRUE(limiter.allowed("u:suzuki", t0 + 5min));
  EXPECT_TRUE(limiter.allowed("u:sato", t0 + 2s + 16min));
  limiter.failed("u:ito", t0);
  limiter.succeeded("u:ito");
  limiter.failed("u:ito", t0);
  limiter.failed("u:ito", t0);
  EXPECT_TRUE(limiter.allowed("u:ito", t0));  // the success cleared the first failure
}

}  // namespace
}  // namespace keiyaku::serve
