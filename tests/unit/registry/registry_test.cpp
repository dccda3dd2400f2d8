// The registry API against an in-memory database (STYLE §2.7), and a file where a test needs one.

#include "support/temp_dir.hpp"

#include <base/i18n.hpp>
#include <base/sha256.hpp>
#include <base/strings.hpp>
#include <registry/registry.hpp>

#include <gtest/gtest.h>

#include <fstream>

using namespace keiyaku;
using namespace keiyaku::registry;

namespace {

Clock at(const char* iso) {
  return *parse_fixed_time(iso);
}

Registry open_memory(const char* now = "2026-04-01T09:00:00+09:00") {
  OpenOptions o;
  o.path = ":memory:";
  o.by = "tester";
  o.clock = at(now);
  auto r = Registry::open(o);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(r).value();
}

Vendor vendor(std::string name, std::optional<std::string> cn = std::nullopt) {
  Vendor v;
  v.name = std::move(name);
  v.corporate_number = std::move(cn);
  return v;
}

// An account page on the service's own domain.
std::string page_of(Service service, const std::string& handle) {
  switch (service) {
    case Service::x:
      return "https://x.com/" + handle;
    case Service::facebook:
      return "https://www.facebook.com/" + handle;
    case Service::instagram:
      return "https://www.instagram.com/" + handle;
    case Service::line:
      return "https://line.me/R/ti/p/" + handle;
    case Service::youtube:
      return "https://www.youtube.com/" + handle;
    case Service::tiktok:
      return "https://www.tiktok.com/@" + handle;
    case Service::note:
      return "https://note.com/" + handle;
    case Service::other:
      break;
  }
  return "https://example.com/" + handle;
}

Account account(Service service, std::string handle) {
  Account a;
  a.service = service;
  a.handle = std::move(handle);
  a.url = page_of(service, a.handle);
  a.department = "広報課";
  a.owner = "山田";
  return a;
}

size_t history_rows(Registry& r) {
  return r.history("", std::nullopt)->size();
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override { set_ui_lang(Lang::en); }
};

}  // namespace

TEST_F(RegistryTest, OpensAtTheLatestSchema) {
  Registry r = open_memory();
  EXPECT_EQ(*r.schema_version(), Registry::latest_schema_version());
  EXPECT_GE(Registry::latest_schema_version(), 1);
  auto m = r.migrate();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->from, m->to);
}

TEST_F(RegistryTest, AddsFindsAndEditsVendors) {
  Registry r = open_memory();
  auto a = r.add_vendor(vendor("  株式会社アルファ ", "1180301018771"));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->id, 1);
  EXPECT_EQ(a->name, "株式会社アルファ");
  EXPECT_EQ(a->created_at, "2026-04-01T09:00:00+09:00");
  EXPECT_EQ(r.find_vendor("1")->name, "株式会社アルファ");
  EXPECT_EQ(r.find_vendor("#1")->name, "株式会社アルファ");
  EXPECT_EQ(r.find_vendor("株式会社アルファ")->id, 1);
  EXPECT_EQ(r.find_vendor("1180301018771")->id, 1);
  auto missing = r.find_vendor("株式会社アルフア");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().message,
            "unknown vendor: '株式会社アルフア' (did you mean '株式会社アルファ'?)");

  VendorPatch p;
  p.address = "東京都千代田区";
  p.corporate_number = "";
  auto e = r.edit_vendor(1, p);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->address, "東京都千代田区");
  EXPECT_FALSE(e->corporate_number);
  auto h = r.history("vendor", 1);
  ASSERT_EQ(h->size(), 2U);
  EXPECT_EQ((*h)[1].action, "edit");
  EXPECT_EQ((*h)[1].by, "tester");
  EXPECT_NE((*h)[1].before->find("1180301018771"), std::string::npos);
  EXPECT_EQ((*h)[1].after->find("1180301018771"), std::string::npos);
  // An edit that changes nothing writes nothing.
  ASSERT_TRUE(r.edit_vendor(1, p));
  EXPECT_EQ(r.history("vendor", 1)->size(), 2U);
}

TEST_F(RegistryTest, BadInputWritesNothing) {
  Registry r = open_memory();
  ASSERT_TRUE(r.add_vendor(vendor("A社", "7000012050002")));
  const size_t before = history_rows(r);
  auto bad_cn = r.add_vendor(vendor("B社", "7000012050003"));
  ASSERT_FALSE(bad_cn);
  EXPECT_EQ(bad_cn.error().code, ErrorCode::invalid_input);
  auto dup_name = r.add_vendor(vendor("A社"));
  ASSERT_FALSE(dup_name);
  EXPECT_EQ(dup_name.error().code, ErrorCode::conflict);
  EXPECT_EQ(dup_name.error().message, "a vendor with this name already exists: 'A社' (#1)");
  auto dup_cn = r.add_vendor(vendor("C社", "7000012050002"));
  ASSERT_FALSE(dup_cn);
  EXPECT_EQ(dup_cn.error().message, "法人番号 7000012050002 is already registered to 'A社' (#1)");
  EXPECT_FALSE(r.add_vendor(vendor("  ")));
  Certificate c;
  c.vendor_id = 99;
  c.number = "IS 1";
  c.valid_from = {2025, 1, 1};
  c.valid_to = {2026, 1, 1};
  EXPECT_EQ(r.add_certificate(c).error().code, ErrorCode::not_found);
  c.vendor_id = 1;
  c.valid_to = {2024, 1, 1};
  EXPECT_EQ(r.add_certificate(c).error().message,
            "valid-to 2024-01-01 is before valid-from 2025-01-01");
  EXPECT_EQ(history_rows(r), before);
  EXPECT_EQ(r.list_vendors()->size(), 1U);
  EXPECT_TRUE(r.list_certificates(std::nullopt)->empty());
}

TEST_F(RegistryTest, StatusIsDerivedFromVerificationsAndCertificates) {
  Registry r = open_memory();
  const int64_t id = r.add_vendor(vendor("A社"))->id;
  EXPECT_EQ(r.vendor_status(id)->status, VendorStatus::unverified);
  Verification v;
  v.vendor_id = id;
  v.verified_on = {2026, 3, 1};
  v.result = VerifyResult::ok;
  v.next_due = Date{2026, 3, 31};
  ASSERT_TRUE(r.add_verification(v));
  EXPECT_EQ(r.vendor_status(id)->status, VendorStatus::expired);  // due yesterday
  v.verified_on = {2026, 3, 31};
  v.next_due = Date{2027, 3, 31};
  ASSERT_TRUE(r.add_verification(v));
  EXPECT_EQ(r.vendor_status(id)->status, VendorStatus::verified);
  Certificate c;
  c.vendor_id = id;
  c.kind = CertKind::pmark;
  c.number = "P 1";
  c.valid_from = {2023, 1, 1};
  c.valid_to = {2024, 12, 31};
  ASSERT_TRUE(r.add_certificate(c));
  EXPECT_EQ(r.vendor_status(id)->status, VendorStatus::expired);  // its only certificate expired
  v.verified_on = {2026, 4, 1};
  v.result = VerifyResult::needs_fix;
  ASSERT_TRUE(r.add_verification(v));
  EXPECT_EQ(r.vendor_status(id)->status, VendorStatus::needs_fix);
}

TEST_F(RegistryTest, VerificationRecordsTheEvidenceHashNotTheFile) {
  test::TempDir dir;
  const std::string evidence = dir.file("チェックシート.xlsx");
  std::ofstream(evidence) << "checked";
  Registry r = open_memory();
  Verification v;
  v.vendor_id = r.add_vendor(vendor("A社"))->id;
  v.verified_on = {2026, 4, 1};
  v.evidence_path = evidence;
  auto added = r.add_verification(v);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->evidence_sha256, sha256_hex("checked"));
  EXPECT_EQ(added->evidence_path->find(dir.path()), 0U);
  EXPECT_EQ(added->verified_by, "tester");
  v.evidence_path = dir.file("missing.pdf");
  auto missing = r.add_verification(v);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, dir.file("missing.pdf") + ": evidence file not found");
  v.evidence_path.reset();
  v.next_due = Date{2026, 3, 1};
  EXPECT_EQ(r.add_verification(v).error().message,
            "next-due 2026-03-01 is before the verification date 2026-04-01");
  // The registry refuses a verification dated after today (2026-04-01), whoever asks: the
  // command line, the workspace or a ledger import.
  v.next_due.reset();
  v.verified_on = {2026, 4, 2};
  auto future = r.add_verification(v);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(future.error().message, "the verification date 2026-04-02 is in the future");
  EXPECT_EQ(r.list_verifications(v.vendor_id)->size(), 1U);
}

TEST_F(RegistryTest, DueAcrossVendors) {
  Registry r = open_memory();
  const int64_t a = r.add_vendor(vendor("A社"))->id;
  const int64_t b = r.add_vendor(vendor("B社"))->id;
  Verification v;
  v.vendor_id = a;
  v.verified_on = {2026, 1, 1};
  v.next_due = Date{2026, 4, 20};
  ASSERT_TRUE(r.add_verification(v));
  Certificate c;
  c.vendor_id = a;
  c.kind = CertKind::isms;
  c.number = "IS 1";
  c.valid_from = {2023, 4, 15};
  c.valid_to = {2026, 4, 14};
  ASSERT_TRUE(r.add_certificate(c));
  auto due = r.due({2026, 5, 1});
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 3U);
  EXPECT_EQ((*due)[0].vendor_id, b);  // never verified: due since added (today)
  EXPECT_EQ((*due)[1].what, "certificate renewal: ISMS (ISO/IEC 27001) IS 1");
  EXPECT_EQ((*due)[2].what, "periodic verification");
  EXPECT_EQ(r.due({2026, 4, 10})->size(), 1U);
}

TEST_F(RegistryTest, RemoveRefusesWhileReferencedUnlessForced) {
  Registry r = open_memory();
  const int64_t id = r.add_vendor(vendor("A社"))->id;
  Account acc = account(Service::x, "city");
  acc.operator_id = id;
  ASSERT_TRUE(r.add_account(acc));
  Contract k;
  k.path = "contracts/2026-012.docx";
  k.vendor_id = id;
  ASSERT_TRUE(r.add_contract(k));
  Certificate c;
  c.vendor_id = id;
  c.number = "X";
  c.valid_from = {2025, 1, 1};
  c.valid_to = {2027, 1, 1};
  ASSERT_TRUE(r.add_certificate(c));
  auto refused = r.remove_vendor(id, Force::no);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  EXPECT_EQ(refused.error().message,
            "'A社' is still referred to (contracts: 1, accounts: 1, sub-contracting: 0); --force "
            "removes it and unlinks them");
  ASSERT_TRUE(r.remove_vendor(id, Force::yes));
  EXPECT_TRUE(r.list_vendors()->empty());
  EXPECT_TRUE(r.list_certificates(std::nullopt)->empty());
  EXPECT_FALSE(r.get_account(1)->operator_id);
  EXPECT_FALSE(r.get_contract(1)->vendor_id);
  auto h = r.history("", std::nullopt);
  ASSERT_TRUE(h);
  std::vector<std::string> tail;
  for (size_t i = h->size() - 4; i < h->size(); ++i) {
    tail.push_back((*h)[i].entity + " " + (*h)[i].action);
  }
  EXPECT_EQ(tail, (std::vector<std::string>{"certificate remove", "contract edit", "account edit",
                                            "vendor remove"}));
  EXPECT_TRUE(r.verify(std::nullopt)->ok());
}

TEST_F(RegistryTest, SubcontractingRefusesLoopsAndDuplicates) {
  Registry r = open_memory();
  const int64_t a = r.add_vendor(vendor("A社"))->id;
  const int64_t b = r.add_vendor(vendor("B社"))->id;
  const int64_t c = r.add_vendor(vendor("C社"))->id;
  auto ref = r.resolve_contract("R8-総務-012");
  ASSERT_TRUE(ref);
  EXPECT_FALSE(ref->id);
  Subcontract s;
  s.contract = *ref;
  s.vendor_id = a;
  s.subcontractor_id = b;
  s.approved_on = Date{2026, 3, 1};
  ASSERT_TRUE(r.add_subcontract(s));
  s.vendor_id = b;
  s.subcontractor_id = c;
  ASSERT_TRUE(r.add_subcontract(s));
  s.vendor_id = c;
  s.subcontractor_id = a;
  auto loop = r.add_subcontract(s);
  ASSERT_FALSE(loop);
  EXPECT_EQ(loop.error().message, "this would make a loop in the chain: 'C社' → 'A社' → … → 'C社'");
  s.vendor_id = a;
  s.subcontractor_id = b;
  EXPECT_EQ(r.add_subcontract(s).error().code, ErrorCode::conflict);
  // The same pair on another contract is another record.
  s.contract = *r.resolve_contract("R8-総務-013");
  ASSERT_TRUE(r.add_subcontract(s));
  s.subcontractor_id = a;
  EXPECT_EQ(r.add_subcontract(s).error().message, "a vendor cannot be its own sub-contractor");
  EXPECT_EQ(r.list_subcontracts()->size(), 3U);
  EXPECT_EQ(r.vendor_refs(b)->subcontracts, 3);
}

TEST_F(RegistryTest, ContractsAreReferencedByIdPathOrFreeText) {
  Registry r = open_memory();
  Contract k;
  k.path = "contracts/2026-012.docx";
  k.title = "業務委託契約書";
  ASSERT_TRUE(r.add_contract(k));
  EXPECT_EQ(r.resolve_contract("1")->id, 1);
  EXPECT_EQ(r.resolve_contract("1")->text, "contracts/2026-012.docx");
  EXPECT_EQ(r.resolve_contract("#1")->id, 1);
  EXPECT_EQ(r.resolve_contract("contracts/2026-012.docx")->id, 1);
  EXPECT_FALSE(r.resolve_contract("2")->id);  // digits that are no contract: a free reference
  EXPECT_EQ(r.resolve_contract("#2").error().code, ErrorCode::not_found);
  EXPECT_EQ(r.resolve_contract("第12号")->text, "第12号");
  EXPECT_FALSE(r.resolve_contract(" "));
}

TEST_F(RegistryTest, AccountsNeedAnOwnerAndAUniqueHandle) {
  Registry r = open_memory();
  Account a = account(Service::x, "@Koho_City");
  a.owner = " ";
  auto no_owner = r.add_account(a);
  ASSERT_FALSE(no_owner);
  EXPECT_EQ(no_owner.error().message, "an account must have an owner (--owner)");
  a.owner = "山田";
  ASSERT_TRUE(r.add_account(a));
  auto dup = r.add_account(account(Service::x, "koho_city"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_EQ(dup.error().message, "duplicate handle: x:@koho_city is already account #1");
  // The same handle on another service is another account.
  ASSERT_TRUE(r.add_account(account(Service::instagram, "koho_city")));
  // LINE ids are case-sensitive.
  ASSERT_TRUE(r.add_account(account(Service::line, "CityLine")));
  ASSERT_TRUE(r.add_account(account(Service::line, "cityline")));
  Account bad_url = account(Service::note, "city");
  bad_url.url = "javascript:alert(1)";
  EXPECT_EQ(r.add_account(bad_url).error().message,
            "the account's URL must be https:// on note.com: 'javascript:alert(1)'");
  Account bad_op = account(Service::note, "city");
  bad_op.operator_id = 42;
  EXPECT_EQ(r.add_account(bad_op).error().code, ErrorCode::not_found);
  // A retired handle may be used again.
  ASSERT_TRUE(r.retire_account(1, "移行"));
  EXPECT_EQ(r.retire_account(1, "").error().code, ErrorCode::conflict);
  ASSERT_TRUE(r.add_account(account(Service::x, "koho_city")));
  EXPECT_EQ(r.list_accounts(IncludeRetired::no)->size(), 4U);
  EXPECT_EQ(r.list_accounts(IncludeRetired::yes)->size(), 5U);
}

TEST_F(RegistryTest, FindsAccounts) {
  Registry r = open_memory();
  ASSERT_TRUE(r.add_account(account(Service::x, "city")));
  ASSERT_TRUE(r.add_account(account(Service::instagram, "city")));
  ASSERT_TRUE(r.add_account(account(Service::youtube, "tube")));
  EXPECT_EQ(r.find_account("2")->service, Service::instagram);
  EXPECT_EQ(r.find_account("x:@city")->id, 1);
  EXPECT_EQ(r.find_account("instagram:CITY")->id, 2);
  EXPECT_EQ(r.find_account("@tube")->id, 3);
  EXPECT_EQ(r.find_account("https://www.youtube.com/tube")->id, 3);
  auto ambiguous = r.find_account("city");
  ASSERT_FALSE(ambiguous);
  EXPECT_EQ(ambiguous.error().message,
            "ambiguous account: 'city' — instagram:@city (#2), x:@city (#1)");
  EXPECT_EQ(r.find_account("tuba").error().message,
            "unknown account: 'tuba' (did you mean 'youtube:@tube'?)");
}

TEST_F(RegistryTest, DepartmentChangeKeepsTheOwnerFlaggedUntilSetOwner) {
  Registry r = open_memory();
  Account a = account(Service::x, "city");
  a.deputy = "佐藤";
  ASSERT_TRUE(r.add_account(a));
  AccountPatch p;
  p.department = "秘書広報課";
  auto edited = r.edit_account(1, p);
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->owner_department, "広報課");
  auto problems = r.check_accounts();
  bool flagged = false;
  for (const auto& pr : *problems) {
    flagged = flagged || pr.message.find("department changed") != std::string::npos;
  }
  EXPECT_TRUE(flagged);
  auto owned = r.set_owner(1, "田中", std::nullopt);
  ASSERT_TRUE(owned);
  EXPECT_EQ(owned->owner_department, "秘書広報課");
  EXPECT_EQ(owned->deputy, "佐藤");
  EXPECT_EQ(r.set_owner(1, "", std::nullopt).error().code, ErrorCode::invalid_input);
  // Department and owner changed together: nothing to flag.
  p.department = "観光課";
  p.owner = "鈴木";
  EXPECT_EQ(r.edit_account(1, p)->owner_department, "観光課");
  auto h = r.history("account", 1);
  ASSERT_EQ(h->size(), 4U);
  EXPECT_EQ((*h)[2].action, "set-owner");
}

TEST_F(RegistryTest, ReviewsAndChecks) {
  Registry r = open_memory();
  const int64_t op = r.add_vendor(vendor("運用株式会社"))->id;
  Account a = account(Service::instagram, "city");
  a.operator_id = op;
  a.deputy = "佐藤";
  a.procedure_doc = "方針.pdf";
  a.listed_at = "https://city.example.jp/sns";
  a.profile_names_body = true;
  a.mfa = true;
  ASSERT_TRUE(r.add_account(a));
  auto p = r.check_accounts();
  ASSERT_EQ(p->size(), 1U);
  EXPECT_EQ((*p)[0].rule_id, "SNS-08");
  Verification v;
  v.vendor_id = op;
  v.verified_on = {2026, 3, 1};
  ASSERT_TRUE(r.add_verification(v));
  EXPECT_TRUE(r.check_accounts()->empty());
  EXPECT_EQ(r.review_account(1, {2026, 5, 1}, std::nullopt).error().message,
            "the review date 2026-05-01 is in the future");
  auto reviewed = r.review_account(1, {2026, 3, 15}, Date{2026, 3, 30});
  ASSERT_TRUE(reviewed);
  EXPECT_EQ(reviewed->last_review, (Date{2026, 3, 15}));
  EXPECT_EQ(reviewed->last_post, (Date{2026, 3, 30}));
}

TEST_F(RegistryTest, WaiversAreActiveUntilTheirDate) {
  Registry r = open_memory();
  Contract k;
  k.path = "contracts/2026-012.docx";
  ASSERT_TRUE(r.add_contract(k));
  Waiver w;
  w.contract.text = "contracts/2026-012.docx";
  w.requirement_id = "OUT-09";
  w.reason = "再委託先は契約締結時に承認済み";
  w.approver = "総務課長";
  w.until = {2026, 9, 30};
  auto added = r.add_waiver(w);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->created_by, "tester");
  Waiver by_id = w;
  by_id.contract = ContractRef{1, ""};
  by_id.requirement_id = "OUT-12";
  by_id.until = {2026, 4, 30};
  ASSERT_TRUE(r.add_waiver(by_id));
  Waiver other = w;
  other.contract.text = "第13号";
  ASSERT_TRUE(r.add_waiver(other));

  auto active = r.active_waivers(ContractRef{1, "contracts/2026-012.docx"}, {2026, 4, 1});
  ASSERT_EQ(active->size(), 2U);
  EXPECT_EQ((*active)[0].requirement_id, "OUT-09");
  EXPECT_EQ((*active)[1].requirement_id, "OUT-12");
  EXPECT_EQ(
      r.active_waivers(ContractRef{std::nullopt, "contracts/2026-012.docx"}, {2026, 5, 1})->size(),
      1U);
  EXPECT_TRUE(r.active_waivers(ContractRef{1, "contracts/2026-012.docx"}, {2026, 10, 1})->empty());
  EXPECT_EQ(r.list_waivers()->size(), 3U);
  w.until = {2026, 3, 31};
  EXPECT_EQ(r.add_waiver(w).error().message, "the until date 2026-03-31 is in the past");
  w.until = {2026, 9, 30};
  w.approver = "";
  EXPECT_EQ(r.add_waiver(w).error().code, ErrorCode::invalid_input);
  EXPECT_EQ(r.history("waiver", std::nullopt)->size(), 3U);
}

TEST_F(RegistryTest, RefusesANewerSchemaAndForeignFiles) {
  test::TempDir dir;
  OpenOptions o;
  o.path = dir.file("r.db");
  o.clock = at("2026-04-01");
  {
    auto r = Registry::open(o);
    ASSERT_TRUE(r);
  }
  // Pretend a newer keiyaku migrated it.
  std::string cmd = "sqlite3 '" + o.path + "' 'PRAGMA user_version = 99'";
  if (std::system(cmd.c_str()) != 0) {
    GTEST_SKIP() << "sqlite3 CLI missing";
  }
  auto newer = Registry::open(o);
  ASSERT_FALSE(newer);
  EXPECT_EQ(newer.error().message,
            o.path + ": the registry has schema version 99, newer than this keiyaku understands (" +
                std::to_string(Registry::latest_schema_version()) + "): use a newer keiyaku");

  o.path = dir.file("other.db");
  cmd = "sqlite3 '" + o.path + "' 'CREATE TABLE t (x)'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto foreign = Registry::open(o);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().message,
            o.path + ": a SQLite file that is not a keiyaku registry (nothing was changed)");

  o.path = dir.file("text.db");
  std::ofstream(o.path) << "this is not a database at all, just some text that is long enough";
  EXPECT_FALSE(Registry::open(o));

  o.path = dir.file("absent.db");
  o.mode = OpenMode::must_exist;
  auto absent = Registry::open(o);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::not_found);
}

TEST_F(RegistryTest, BacksUpOnline) {
  test::TempDir dir;
  OpenOptions o;
  o.path = dir.file("r.db");
  o.clock = at("2026-04-01");
  auto r = Registry::open(o);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->add_vendor(vendor("A社")));
  ASSERT_TRUE(r->backup(dir.file("copy.db"), Force::no));
  EXPECT_EQ(r->backup(dir.file("copy.db"), Force::no).error().code, ErrorCode::conflict);
  EXPECT_FALSE(r->backup(o.path, Force::yes));  // never over itself
  o.path = dir.file("copy.db");
  auto copy = Registry::open(o);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->list_vendors()->size(), 1U);
  auto report = copy->verify(std::nullopt);
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->history_rows, 1);
}

// Issue 12 item 10: an account's URL is https on the service's own domains.
TEST_F(RegistryTest, AnAccountUrlIsHttpsOnTheServicesOwnDomains) {
  for (const char* ok :
       {"https://x.com/wakabano_city", "https://X.COM/a", "https://mobile.x.com/a",
        "https://twitter.com/a", "https://x.com:443/a", "https://x.com./a", "https://x.com"}) {
    EXPECT_TRUE(check_account_url(Service::x, ok)) << ok;
  }
  for (const char* bad :
       {"https://evil.example/wakabano_city", "http://x.com/a", "javascript:alert(1)",
        "https://x.com@evil.example/", "https://evil.example/x.com", "https://x.com.evil.example/",
        "https://evilx.com/", "https://x.com:8443/", "https:///x.com", "//x.com/a",
        "https://x.com\\@evil.example/"}) {
    EXPECT_FALSE(check_account_url(Service::x, bad)) << bad;
  }
  EXPECT_EQ(check_account_url(Service::x, "https://evil.example/").error().message,
            "the account's URL must be https:// on x.com, twitter.com: 'https://evil.example/'");
  EXPECT_TRUE(check_account_url(Service::line, "https://lin.ee/abc"));
  EXPECT_FALSE(check_account_url(Service::line, "https://x.com/abc"));
  EXPECT_TRUE(check_account_url(Service::other, "https://mastodon.example/@city"));
  EXPECT_FALSE(check_account_url(Service::other, "http://mastodon.example/@city"));
  EXPECT_EQ(service_domains(Service::youtube),
            (std::vector<std::string>{"youtube.com", "youtu.be"}));

  Registry r = open_memory();
  Account evil = account(Service::x, "wakabano_city");
  evil.url = "https://evil.example/wakabano_city";
  EXPECT_EQ(r.add_account(evil).error().code, ErrorCode::invalid_input);
  EXPECT_TRUE(r.list_accounts(IncludeRetired::yes)->empty());
}

namespace {

// A stand-in for text::identifier_key: full-width ASCII to ASCII, then ASCII case.
std::string fake_fold(std::string_view s, bool case_fold) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == 0xEF && i + 2 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xFEU) == 0xBCU) {
      const unsigned cp = ((b & 0x0FU) << 12U) |
                          ((static_cast<unsigned char>(s[i + 1]) & 0x3FU) << 6U) |
                          (static_cast<unsigned char>(s[i + 2]) & 0x3FU);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFEE0);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return case_fold ? str::to_lower_ascii(out) : out;
}

}  // namespace

// The registry compares handles through the fold it is given, and brings keys stored before up
// to it when it opens.
TEST_F(RegistryTest, HandlesAreComparedThroughTheFoldAndOldKeysAreRekeyed) {
  test::TempDir dir;
  OpenOptions o;
  o.path = dir.file("r.db");
  o.by = "tester";
  o.clock = at("2026-04-01T09:00:00+09:00");
  {
    auto r = Registry::open(o);  // an older keiyaku: ASCII case only
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->add_account(account(Service::x, "ｗａｋａｂａｎｏ＿ｃｉｔｙ")));
    ASSERT_TRUE(r->add_account(account(Service::line, "ＣｉｔｙＬｉｎｅ")));
  }
  o.fold = fake_fold;
  auto r = Registry::open(o);
  ASSERT_TRUE(r) << r.error().message;
  auto dup = r->add_account(account(Service::x, "@Wakabano_City"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_EQ(r->find_account("x:wakabano_city")->id, 1);
  // LINE ids keep their case: NFKC only.
  EXPECT_EQ(r->find_account("line:CityLine")->id, 2);
  EXPECT_TRUE(r->add_account(account(Service::line, "cityline")));
  EXPECT_EQ(handle_key(Service::x, "＠ｗａｋａｂａｎｏ＿ｃｉｔｙ", fake_fold), "wakabano_city");
  auto verified = r->verify(std::nullopt);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok());
}
