// keiyaku user and keiyaku serve end to end: passwords only from stdin, the server on a free port
// answering and ending cleanly on SIGTERM, bad --listen values refused.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::TempDir;

namespace {

std::string bin() {
  return build_dir() + "/keiyaku --lang en";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(CliUser, ThePasswordComesFromStdinAndOnlyItsHashIsStored) {
  TempDir dir;
  const std::string db = dir.file("k.db");
  auto added = run("printf 'long enough password\\n' | " + bin() +
                   " user add sato --role reviewer --db " + db);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("sato"), std::string::npos);
  auto list = run(bin() + " user list --db " + db);
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("reviewer"), std::string::npos);
  run(build_dir() + "/keiyaku db verify --db " + db);  // checkpoint the WAL into the file
  EXPECT_EQ(slurp(db).find("long enough password"), std::string::npos);
  EXPECT_NE(slurp(db).find("$argon2id$"), std::string::npos);
  // Too short, an unknown role, a duplicate, a password given as an argument: refused.
  EXPECT_EQ(
      run("printf 'short\\n' | " + bin() + " user add ito --role viewer --db " + db).exit_code, 2);
  EXPECT_EQ(
      run("printf 'long enough password\\n' | " + bin() + " user add ito --role root --db " + db)
          .exit_code,
      2);
  auto dup =
      run("printf 'long enough password\\n' | " + bin() + " user add sato --role admin --db " + db);
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.err.find("sato"), std::string::npos);
  EXPECT_EQ(
      run(bin() + " user add ito --role viewer --password x --db " + db + " < /dev/null").exit_code,
      2);
  auto role = run(bin() + " user role sato --role approver --db " + db);
  EXPECT_EQ(role.exit_code, 0) << role.err;
  EXPECT_NE(run(bin() + " user list --db " + db).out.find("approver"), std::string::npos);
}

TEST(CliServe, AnswersOnAFreePortAndEndsOnSigterm) {
  TempDir dir;
  const std::string db = dir.file("k.db");
  const std::string out = dir.file("serve.out");
  // The server prints its URL; curl fetches the sign-in page; SIGTERM ends it with status 0.
  const std::string script = build_dir() + "/keiyaku serve --db " + db + " --files " +
                             dir.file("data") + " --listen 127.0.0.1:0 > " + out +
                             " & pid=$!; for i in $(seq 1 300); do grep -q http " + out +
                             " && break; sleep 0.1; done; " + "url=$(grep -o 'http://[0-9.:]*' " +
                             out + "); curl -s -o /dev/null -w '%{http_code}' $url/login; " +
                             "curl -s -o /dev/null -w ' %{http_code}' $url/contracts; kill -TERM "
                             "$pid; wait $pid; echo \" rc=$?\"";
  const std::string path = dir.file("run.sh");
  std::ofstream(path) << script << "\n";
  auto r = run("bash " + path);
  EXPECT_EQ(r.out, "200 303 rc=0\n") << r.err;
  EXPECT_NE(slurp(out).find("http://127.0.0.1:"), std::string::npos);
}

TEST(CliServe, RefusesBadListenValuesAndHalfATlsPair) {
  TempDir dir;
  const std::string db = dir.file("k.db");
  EXPECT_EQ(run(bin() + " serve --db " + db + " --listen nonsense").exit_code, 2);
  EXPECT_EQ(run(bin() + " serve --db " + db + " --listen 127.0.0.1:99999").exit_code, 2);
  EXPECT_EQ(run(bin() + " serve --db " + db + " --tls-cert only.pem").exit_code, 2);
}

}  // namespace
