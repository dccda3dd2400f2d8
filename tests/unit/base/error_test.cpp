#include <base/error.hpp>
#include <base/expected.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;

TEST(Error, FormatsLocationContextAndCaret) {
  Error e(ErrorCode::data, "unknown key 'tokns' (did you mean 'terms'?)",
          Where{"requirements/outsourcing/OUT-09.toml", 7, 3, "tokns = 1"});
  EXPECT_EQ(format_error(e),
            "requirements/outsourcing/OUT-09.toml:7:3: unknown key 'tokns' (did you mean 'terms'?)\n"
            "  tokns = 1\n"
            "    ^");
}

TEST(Error, FormatsPlainMessage) {
  EXPECT_EQ(format_error(Error(ErrorCode::io, "a.docx: cannot open")), "a.docx: cannot open");
}

TEST(Expected, HoldsValueOrError) {
  Expected<int> ok(5);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 5);
  Expected<int> bad(Error(ErrorCode::not_zip, "x"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::not_zip);
  Status s;
  EXPECT_TRUE(s);
}
