#include <base/i18n.hpp>
#include <registry/status.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

constexpr Date k_today{2026, 4, 1};

Certificate cert(int64_t id, CertKind kind, std::string number, Date from, Date to) {
  Certificate c;
  c.id = id;
  c.vendor_id = 1;
  c.kind = kind;
  c.number = std::move(number);
  c.valid_from = from;
  c.valid_to = to;
  return c;
}

Verification verif(int64_t id, Date on, VerifyResult result, std::optional<Date> next_due) {
  Verification v;
  v.id = id;
  v.vendor_id = 1;
  v.verified_on = on;
  v.method = VerifyMethod::checksheet;
  v.result = result;
  v.next_due = next_due;
  return v;
}

class StatusTest : public ::testing::Test {
 protected:
  void SetUp() override { set_ui_lang(Lang::en); }
};

}  // namespace

TEST_F(StatusTest, NoFactsIsUnverified) {
  const StatusInfo s = derive_status({}, {}, k_today);
  EXPECT_EQ(s.status, VendorStatus::unverified);
  EXPECT_EQ(s.reason, "no verification recorded");
  EXPECT_EQ(label_ja(s.status), "未確認");
}

TEST_F(StatusTest, AnOkVerificationNotYetDueIsVerified) {
  const StatusInfo s =
      derive_status({}, {verif(1, {2026, 3, 1}, VerifyResult::ok, Date{2027, 3, 1})}, k_today);
  EXPECT_EQ(s.status, VendorStatus::verified);
  EXPECT_EQ(s.reason, "verified on 2026-03-01 (next due 2027-03-01)");
  EXPECT_EQ(s.next_due, (Date{2027, 3, 1}));
  EXPECT_EQ(label_ja(s.status), "確認済");
}

TEST_F(StatusTest, DueTodayIsNotYetExpiredButYesterdayIs) {
  EXPECT_EQ(derive_status({}, {verif(1, {2025, 4, 1}, VerifyResult::ok, k_today)}, k_today).status,
            VendorStatus::verified);
  const StatusInfo s =
      derive_status({}, {verif(1, {2025, 3, 31}, VerifyResult::ok, Date{2026, 3, 31})}, k_today);
  EXPECT_EQ(s.status, VendorStatus::expired);
  EXPECT_EQ(s.reason, "verification was due on 2026-03-31");
  EXPECT_EQ(label_ja(s.status), "期限切れ");
}

TEST_F(StatusTest, TheLatestVerificationDecides) {
  // An old needs-fix followed by an ok: verified.
  EXPECT_EQ(derive_status({},
                          {verif(2, {2026, 3, 1}, VerifyResult::ok, std::nullopt),
                           verif(1, {2026, 1, 1}, VerifyResult::needs_fix, std::nullopt)},
                          k_today)
                .status,
            VendorStatus::verified);
  // The same day: the one recorded later (higher id) wins.
  const StatusInfo s =
      derive_status({},
                    {verif(1, {2026, 3, 1}, VerifyResult::ok, std::nullopt),
                     verif(2, {2026, 3, 1}, VerifyResult::needs_fix, std::nullopt)},
                    k_today);
  EXPECT_EQ(s.status, VendorStatus::needs_fix);
  EXPECT_EQ(s.reason, "latest verification (2026-03-01, checksheet): needs fix");
  EXPECT_EQ(label_ja(s.status), "要是正");
}

TEST_F(StatusTest, AFailedVerificationNeedsFixingEvenWhenOverdue) {
  EXPECT_EQ(
      derive_status({}, {verif(1, {2025, 1, 1}, VerifyResult::failed, Date{2025, 6, 1})}, k_today)
          .status,
      VendorStatus::needs_fix);
}

TEST_F(StatusTest, EveryCertificateExpiredIsExpired) {
  const std::vector<Certificate> expired = {
      cert(1, CertKind::isms, "IS 1", {2022, 4, 1}, {2025, 3, 31}),
      cert(2, CertKind::pmark, "P 1", {2023, 4, 1}, {2025, 12, 31})};
  const StatusInfo s =
      derive_status(expired, {verif(1, {2026, 1, 10}, VerifyResult::ok, std::nullopt)}, k_today);
  EXPECT_EQ(s.status, VendorStatus::expired);
  EXPECT_EQ(s.reason, "every certificate has expired (the last on 2025-12-31)");
  // Without any verification as well.
  EXPECT_EQ(derive_status(expired, {}, k_today).status, VendorStatus::expired);
  // One still valid: not expired.
  std::vector<Certificate> one_valid = expired;
  one_valid.push_back(cert(3, CertKind::isms, "IS 1", {2025, 4, 1}, {2028, 3, 31}));
  EXPECT_EQ(
      derive_status(one_valid, {verif(1, {2026, 1, 10}, VerifyResult::ok, std::nullopt)}, k_today)
          .status,
      VendorStatus::verified);
  // Valid certificates alone are not a verification.
  EXPECT_EQ(derive_status(one_valid, {}, k_today).status, VendorStatus::unverified);
}

TEST_F(StatusTest, ARenewedCertificateSupersedesTheOldOne) {
  const std::vector<Certificate> certs = {
      cert(1, CertKind::isms, "IS 1", {2022, 4, 1}, {2025, 3, 31}),
      cert(2, CertKind::isms, "IS 1", {2025, 4, 1}, {2028, 3, 31}),
      cert(3, CertKind::isms, "IS 2", {2022, 4, 1}, {2025, 3, 31})};
  const auto current = current_certificates(certs);
  ASSERT_EQ(current.size(), 2U);
  EXPECT_EQ(current[0]->id, 2);
  EXPECT_EQ(current[1]->id, 3);
}

TEST_F(StatusTest, DueListsWhatFallsDueSoonestFirst) {
  Vendor v;
  v.id = 1;
  v.name = "A社";
  v.created_at = "2026-01-05T10:00:00+09:00";
  const std::vector<Certificate> certs = {
      cert(1, CertKind::isms, "IS 1", {2023, 5, 1}, {2026, 4, 30}),  // in window
      cert(2, CertKind::pmark, "P 9", {2024, 8, 1}, {2026, 7, 31}),  // outside 30 days
      cert(3, CertKind::soc2, "S 1", {2024, 1, 1}, {2024, 12, 31}),  // superseded below
      cert(4, CertKind::soc2, "S 1", {2025, 1, 1}, {2026, 3, 20})};  // overdue
  const std::vector<Verification> verifs = {
      verif(1, {2025, 4, 10}, VerifyResult::ok, Date{2026, 4, 10})};
  auto items = due_items(v, certs, verifs, k_today, add_days(k_today, 30));
  sort_due(items);
  ASSERT_EQ(items.size(), 3U);
  EXPECT_EQ(to_iso(items[0].due), "2026-03-20");
  EXPECT_EQ(items[0].days_left, -12);
  EXPECT_EQ(items[0].kind, DueItem::Kind::certificate);
  EXPECT_EQ(items[0].what, "certificate renewal: SOC 2 S 1");
  EXPECT_EQ(to_iso(items[1].due), "2026-04-10");
  EXPECT_EQ(items[1].kind, DueItem::Kind::verification);
  EXPECT_EQ(items[1].what, "periodic verification");
  EXPECT_EQ(to_iso(items[2].due), "2026-04-30");
  EXPECT_EQ(items[2].certificate_id, 1);
}

TEST_F(StatusTest, AVendorNeverVerifiedIsDueSinceItWasAdded) {
  Vendor v;
  v.id = 7;
  v.name = "B社";
  v.created_at = "2026-02-01T09:00:00+09:00";
  auto items = due_items(v, {}, {}, k_today, add_days(k_today, 30));
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].kind, DueItem::Kind::unverified);
  EXPECT_EQ(to_iso(items[0].due), "2026-02-01");
  EXPECT_EQ(items[0].days_left, -59);
}

TEST_F(StatusTest, ANeededFixWithoutADueDateIsDueFromTheVerification) {
  Vendor v;
  v.id = 7;
  v.name = "B社";
  auto items = due_items(v, {}, {verif(1, {2026, 3, 1}, VerifyResult::needs_fix, std::nullopt)},
                         k_today, k_today);
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(to_iso(items[0].due), "2026-03-01");
  EXPECT_EQ(items[0].what, "follow-up of a needed fix (no due date set)");
}

TEST_F(StatusTest, ProposesValidToFromTheUsualLifecycles) {
  EXPECT_EQ(propose_valid_to(CertKind::isms, {2024, 4, 1}, std::nullopt), (Date{2027, 3, 31}));
  EXPECT_EQ(propose_valid_to(CertKind::iso27017, {2024, 4, 1}, std::nullopt), (Date{2027, 3, 31}));
  EXPECT_EQ(propose_valid_to(CertKind::pmark, {2025, 10, 16}, std::nullopt), (Date{2027, 10, 15}));
  EXPECT_EQ(propose_valid_to(CertKind::soc2, {2025, 1, 1}, std::nullopt), (Date{2025, 12, 31}));
  // ISMAP: until 1年4か月 after the end of the audited period.
  EXPECT_EQ(propose_valid_to(CertKind::ismap, {2024, 6, 1}, Date{2024, 3, 31}),
            (Date{2025, 7, 31}));
  EXPECT_EQ(propose_valid_to(CertKind::ismap_liu, {2024, 12, 1}, Date{2024, 9, 30}),
            (Date{2026, 1, 31}));
  EXPECT_EQ(propose_valid_to(CertKind::other, {2024, 4, 1}, std::nullopt), std::nullopt);
}

TEST_F(StatusTest, WarnsAboutImplausibleCertificates) {
  Certificate c = cert(1, CertKind::isms, "IS 1", {2024, 4, 1}, {2029, 3, 31});
  auto w = certificate_warnings(c, k_today);
  ASSERT_EQ(w.size(), 1U);
  EXPECT_EQ(w[0],
            "valid-to 2029-03-31 looks wrong: ISMS (ISO/IEC 27001) is normally valid for 3 years "
            "(until 2027-03-31)");
  c.valid_to = {2027, 3, 31};
  EXPECT_TRUE(certificate_warnings(c, k_today).empty());
  c.valid_to = {2026, 3, 31};
  w = certificate_warnings(c, k_today);
  ASSERT_EQ(w.size(), 1U);
  EXPECT_EQ(w[0], "this certificate has already expired (2026-03-31)");
  Certificate ismap = cert(2, CertKind::ismap, "C1", {2025, 1, 10}, {2026, 12, 31});
  ismap.audit_end = Date{2024, 9, 30};
  w = certificate_warnings(ismap, k_today);
  ASSERT_EQ(w.size(), 1U);
  EXPECT_NE(w[0].find("1 year 4 months after the end of the audited period (until 2026-01-31)"),
            std::string::npos)
      << w[0];
}

TEST_F(StatusTest, TimestampDate) {
  EXPECT_EQ(timestamp_date("2026-04-01T09:00:00+09:00"), (Date{2026, 4, 1}));
  EXPECT_EQ(timestamp_date("junk"), std::nullopt);
}
