// The workspace's accounts (schema 003): stored as hash strings, every change in the history.

#include <registry/registry.hpp>
#include <registry/users.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

// A well-formed argon2id string (the store checks the prefix only; hashing is serve's job).
const std::string k_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";

Registry open_memory(const char* by) {
  OpenOptions o;
  o.path = ":memory:";
  o.by = by;
  o.clock = *parse_fixed_time("2026-04-01T09:00:00+09:00");
  auto r = Registry::open(o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(r).value();
}

TEST(Users, AddFindAndRefuseDuplicatesAndForeignHashes) {
  Registry r = open_memory("admin");
  UserStore users(r);
  auto added = users.add("sato", Role::reviewer, k_hash);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->role, Role::reviewer);
  auto dup = users.add("sato", Role::viewer, k_hash);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_FALSE(users.add("suzuki", Role::viewer, "$2y$10$bcrypt"));
  EXPECT_FALSE(users.add("two words", Role::viewer, k_hash));
  EXPECT_FALSE(users.add("", Role::viewer, k_hash));
  auto found = users.find("sato");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->password_hash, k_hash);
  EXPECT_FALSE(*users.find("nobody"));
  EXPECT_EQ(*users.count(), 1);
}

TEST(Users, ChangesAreInTheHistoryWithoutTheHash) {
  Registry r = open_memory("admin");
  UserStore users(r);
  ASSERT_TRUE(users.add("sato", Role::viewer, k_hash));
  ASSERT_TRUE(users.set_role("sato", Role::approver));
  ASSERT_TRUE(users.set_disabled("sato", true));
  ASSERT_TRUE(users.set_password("sato", k_hash + "x"));
  EXPECT_FALSE(users.set_role("nobody", Role::admin));
  auto h = r.history("user", std::nullopt);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 4U);
  EXPECT_EQ((*h)[0].action, "add");
  EXPECT_EQ((*h)[1].action, "edit");
  EXPECT_NE((*h)[1].after->find("\"approver\""), std::string::npos);
  EXPECT_EQ((*h)[2].action, "disable");
  EXPECT_EQ((*h)[3].action, "set-password");
  for (const HistoryEntry& e : *h) {
    EXPECT_EQ(e.by, "admin");
    EXPECT_EQ(e.after->find("argon2id"), std::string::npos) << e.after.value_or("");
  }
  auto u = users.find("sato");
  EXPECT_TRUE((*u)->user.disabled);
  EXPECT_EQ((*u)->user.role, Role::approver);
  auto v = r.verify(std::nullopt);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok());
}

TEST(Users, RolesAreOrdered) {
  EXPECT_TRUE(at_least(Role::admin, Role::reviewer));
  EXPECT_TRUE(at_least(Role::reviewer, Role::reviewer));
  EXPECT_FALSE(at_least(Role::viewer, Role::reviewer));
  EXPECT_FALSE(at_least(Role::approver, Role::admin));
  EXPECT_EQ(parse_role("approver"), Role::approver);
  EXPECT_FALSE(parse_role("root"));
}

}  // namespace
