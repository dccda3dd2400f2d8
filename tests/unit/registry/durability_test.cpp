// A crash at any moment leaves the registry consistent, and several threads (each with its own
// Registry, as `batch` will use it) can write at once without breaking the history chain.

#include "support/temp_dir.hpp"

#include <base/i18n.hpp>
#include <registry/registry.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <thread>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

OpenOptions options(const std::string& path, const std::string& by) {
  OpenOptions o;
  o.path = path;
  o.by = by;
  o.clock = *parse_fixed_time("2026-04-01T09:00:00+09:00");
  return o;
}

// One unit of work that touches several tables and the history in one transaction each.
bool write_some(Registry& r, int i, std::string* error = nullptr) {
  auto note = [&](const Error& e) {
    if (error != nullptr) {
      *error = e.message;
    }
    return false;
  };
  Vendor v;
  v.name = "事業者" + std::to_string(i);
  auto added = r.add_vendor(v);
  if (!added) {
    return note(added.error());
  }
  Account a;
  a.service = Service::x;
  a.handle = "acct" + std::to_string(i);
  a.url = "https://x.com/acct" + std::to_string(i);
  a.department = "課" + std::to_string(i % 7);
  a.owner = "担当" + std::to_string(i);
  a.operator_id = added->id;
  auto acc = r.add_account(a);
  if (!acc) {
    return note(acc.error());
  }
  AccountPatch p;
  p.mfa = true;
  auto edited = r.edit_account(acc->id, p);
  return edited ? true : note(edited.error());
}

// Kills and reaps the child if a failed assertion leaves the test early.
struct ChildGuard {
  pid_t pid = 0;
  ChildGuard() = default;
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;
  ~ChildGuard() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
    }
  }
};

}  // namespace

TEST(Durability, AKillDuringWritesLeavesAConsistentDatabase) {
  set_ui_lang(Lang::en);
  test::TempDir dir;
  const std::string path = dir.file("registry.db");
  {
    auto r = Registry::open(options(path, "setup"));  // create it before the child starts
    ASSERT_TRUE(r);
  }
  for (int round = 0; round < 3; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // The child writes until it is killed.
      auto r = Registry::open(options(path, "child"));
      if (!r) {
        ::_exit(10);
      }
      for (int i = round * 1000000;; ++i) {
        if (!write_some(*r, i)) {
          ::_exit(11);
        }
      }
    }
    ChildGuard guard;
    guard.pid = child;
    // Wait until it is busy writing (however slow the machine), then kill it at some moment that
    // is most likely inside a transaction.
    const size_t want = 5 * static_cast<size_t>(round + 1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      auto reader = Registry::open(options(path, "reader"));
      ASSERT_TRUE(reader) << reader.error().message;
      auto vendors = reader->list_vendors();
      if (vendors && vendors->size() >= want) {
        break;
      }
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the child wrote nothing";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(7 + 13 * round));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    guard.pid = 0;
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself with " << WEXITSTATUS(status);

    auto r = Registry::open(options(path, "parent"));
    ASSERT_TRUE(r) << r.error().message;
    const VerifyReport report = *r->verify(std::nullopt);
    EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0]);
    // Every committed change is there with its history row, and nothing half-done is.
    const auto vendors = r->list_vendors();
    const auto accounts = r->list_accounts(IncludeRetired::yes);
    EXPECT_GT(vendors->size(), 0U);
    EXPECT_LE(accounts->size(), vendors->size());
    // Each kill so far may have left one vendor without its account, and the parent adds one
    // vendor without an account after each round.
    EXPECT_GE(accounts->size() + 2 * static_cast<size_t>(round) + 1, vendors->size());
    EXPECT_EQ(r->history("vendor", std::nullopt)->size(), vendors->size());
    size_t with_mfa = 0;
    for (const Account& a : *accounts) {
      with_mfa += a.mfa ? 1 : 0;
    }
    EXPECT_GE(with_mfa + 1 + static_cast<size_t>(round), accounts->size());  // one per kill at most
    EXPECT_EQ(r->history("account", std::nullopt)->size(), accounts->size() + with_mfa);
    // And the registry goes on working.
    Vendor v;
    v.name = "after round " + std::to_string(round);
    EXPECT_TRUE(r->add_vendor(v));
  }
}

TEST(Durability, SeveralThreadsWriteWithOneRegistryEach) {
  set_ui_lang(Lang::en);
  test::TempDir dir;
  const std::string path = dir.file("registry.db");
  constexpr int k_threads = 4;
  constexpr int k_each = 25;
  std::atomic<int> failures{0};
  std::mutex mutex;
  std::string first_error;
  auto failed = [&](const std::string& what) {
    ++failures;
    const std::lock_guard<std::mutex> lock(mutex);
    if (first_error.empty()) {
      first_error = what;
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(k_threads);
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread opens (and on a new file, races to migrate) its own connection.
      auto r = Registry::open(options(path, "thread" + std::to_string(t)));
      if (!r) {
        failed("open: " + r.error().message);
        return;
      }
      for (int i = 0; i < k_each; ++i) {
        std::string error;
        if (!write_some(*r, t * 1000 + i, &error)) {
          failed("write: " + error);
        }
        // Readers run beside the writers.
        auto problems = r->check_accounts();
        if (!problems) {
          failed("check: " + problems.error().message);
        }
        auto due = r->due({2026, 5, 1});
        if (!due) {
          failed("due: " + due.error().message);
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0) << first_error;
  auto r = Registry::open(options(path, "check"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->list_vendors()->size(), static_cast<size_t>(k_threads * k_each));
  const VerifyReport report = *r->verify(std::nullopt);
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.history_rows, k_threads * k_each * 3);
}
