// The batch runner end to end on plain-text contracts, with a dictionary-free tokenizer: what is
// reviewed, skipped, moved, failed and interrupted, and what the registry holds afterwards.
#include "support/fake_tokenizer.hpp"
#include "support/temp_dir.hpp"

#include <base/i18n.hpp>
#include <batch/batch.hpp>
#include <catalog/catalog.hpp>
#include <registry/registry.hpp>
#include <registry/reviews.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace keiyaku;
using keiyaku::test::TempDir;

namespace {

const std::string k_head =
    "業務委託契約書\n北浜市(以下「甲」という。)と株式会社みなと計算センター(以下「乙」という。)は、次のとおり契約する。\n";

std::string contract(const std::string& clause) { return k_head + "第1条 " + clause + "\n"; }

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

class BatchRunner : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ui_lang(Lang::en);
    auto specs = catalog::load_dir(catalog::default_dir());
    ASSERT_TRUE(specs) << specs.error().message;
    auto e = review::Engine::from(std::move(*specs), std::make_shared<test::FakeTokenizer>());
    ASSERT_TRUE(e) << e.error().message;
    s_engine = new review::Engine(std::move(*e));
  }
  static void TearDownTestSuite() {
    delete s_engine;
    s_engine = nullptr;
  }

  void SetUp() override {
    write(m_dir.file("a.txt"), contract("乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。"));
    write(m_dir.file("b.txt"), contract("乙は、甲の承諾を得ないで本業務を第三者に再委託してはならない。"));
    write(m_dir.file("c.txt"), contract("乙は、本業務の一部を再委託することができる。"));
    write(m_dir.file("bad.txt"), std::string("\xff\xfe\xff not text", 12));
  }

  registry::Registry open() {
    registry::OpenOptions o;
    o.path = m_dir.file("reg.db");
    o.by = "tester";
    o.clock = *registry::parse_fixed_time("2026-04-01T09:00:00+09:00");
    auto r = registry::Registry::open(o);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return std::move(r).value();
  }

  std::vector<batch::FileEntry> files() {
    auto f = batch::collect_files({m_dir.file("a.txt"), m_dir.file("b.txt"), m_dir.file("c.txt"),
                                   m_dir.file("bad.txt")});
    EXPECT_TRUE(f);
    return *f;
  }

  batch::Summary run(const std::vector<batch::FileEntry>& files, batch::Options options = {},
                     bool stop_at_once = false) {
    if (options.catalog_version.empty()) {
      options.catalog_version = "v1";
    }
    if (options.options_key.empty()) {
      options.options_key = "kind=auto tier=";
    }
    registry::Registry reg = open();
    std::atomic<bool> stop{stop_at_once};
    size_t calls = 0;
    auto s = batch::run(*s_engine, reg, files, options,
                        [&](const batch::Progress& p, const batch::FileLine&) {
                          ++calls;
                          EXPECT_EQ(p.done, calls);
                          EXPECT_EQ(p.total, files.size());
                        },
                        stop);
    EXPECT_TRUE(s) << (s ? "" : s.error().message);
    return *s;
  }

  std::vector<registry::ContractReview> latest() {
    registry::Registry reg = open();
    registry::ReviewStore store(reg);
    return *store.latest();
  }

  std::map<std::string, batch::Outcome> outcomes(const batch::Summary& s) {
    std::map<std::string, batch::Outcome> out;
    for (const auto& f : s.files) {
      out[std::filesystem::path(f.path).filename().string()] = f.outcome;
    }
    return out;
  }

  static review::Engine* s_engine;
  TempDir m_dir;
};

review::Engine* BatchRunner::s_engine = nullptr;

}  // namespace

TEST_F(BatchRunner, FirstRunReviewsEveryFileAndRecordsTheOneThatFails) {
  const batch::Summary s = run(files());
  EXPECT_EQ(s.total, 4U);
  EXPECT_EQ(s.reviewed, 3U);
  EXPECT_EQ(s.failed, 1U);
  EXPECT_EQ(s.unchanged, 0U);
  EXPECT_FALSE(s.interrupted);
  ASSERT_EQ(s.files.size(), 4U);
  EXPECT_EQ(s.files[2].path, m_dir.file("bad.txt"));  // sorted by path
  EXPECT_EQ(s.files[3].path, m_dir.file("c.txt"));
  const batch::FileLine& bad = s.files[2];
  EXPECT_EQ(bad.outcome, batch::Outcome::failed);
  EXPECT_EQ(bad.error, m_dir.file("bad.txt") + ": not UTF-8 or Shift_JIS text");
  EXPECT_GT(s.totals.must, 0);
  const auto rows = latest();
  ASSERT_EQ(rows.size(), 4U);
  for (const auto& c : rows) {
    EXPECT_EQ(c.review.failed, c.path == m_dir.file("bad.txt")) << c.path;
    EXPECT_EQ(c.review.catalog_version, "v1");
    if (!c.review.failed) {
      EXPECT_EQ(c.facts.title, "業務委託契約書");
      EXPECT_EQ(c.facts.vendor_term, "乙");
      EXPECT_FALSE(c.review.findings.empty());
    }
  }
  // c.txt allows re-subcontracting without consent.
  const auto& c = rows[3];
  bool found = false;
  for (const auto& f : c.review.findings) {
    if (f.requirement_id == "OUT-09") {
      EXPECT_EQ(f.status, "contradicted");
      ASSERT_FALSE(f.evidence.empty());
      EXPECT_EQ(f.evidence[0].clause, "第1条");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(BatchRunner, UnchangedFilesAreSkippedAndFailedOnesRetried) {
  run(files());
  const batch::Summary s = run(files());
  EXPECT_EQ(s.reviewed, 0U);
  EXPECT_EQ(s.unchanged, 3U);
  EXPECT_EQ(s.failed, 1U);
  // The skipped files still count in the summary, with their latest verdicts.
  const batch::Summary first_totals = run(files(), [] {
    batch::Options o;
    o.force = true;
    return o;
  }());
  EXPECT_EQ(s.totals.must, first_totals.totals.must);
  EXPECT_EQ(s.totals.contradicted, first_totals.totals.contradicted);
  for (const auto& c : latest()) {
    registry::Registry reg = open();
    registry::ReviewStore store(reg);
    // one review from the first run and one from --force; the unchanged run added none
    EXPECT_EQ(store.reviews_of(c.contract_id)->size(), c.review.failed ? 3U : 2U) << c.path;
  }
}

TEST_F(BatchRunner, AChangedFileIsReviewedIntoTheSameContract) {
  run(files());
  const int64_t before = latest()[0].contract_id;  // a.txt
  write(m_dir.file("a.txt"), contract("甲は、本業務に関して知り得た秘密を第三者に漏らしてはならない。"));
  const batch::Summary s = run(files());
  EXPECT_EQ(outcomes(s)["a.txt"], batch::Outcome::reviewed);
  EXPECT_EQ(outcomes(s)["b.txt"], batch::Outcome::unchanged);
  const auto rows = latest();
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0].contract_id, before);
  EXPECT_EQ(rows[0].reviews, 2);
}

TEST_F(BatchRunner, AMovedFileIsRecognisedByItsHash) {
  run(files());
  const int64_t id = latest()[0].contract_id;
  std::filesystem::create_directories(m_dir.file("archive"));
  std::filesystem::rename(m_dir.file("a.txt"), m_dir.file("archive/a-2026.txt"));
  auto moved = batch::collect_files({m_dir.file("archive"), m_dir.file("archive/a-2026.txt"), m_dir.file("b.txt")});
  ASSERT_TRUE(moved);
  const batch::Summary s = run(*moved);
  EXPECT_EQ(outcomes(s)["a-2026.txt"], batch::Outcome::unchanged);
  const auto rows = latest();
  EXPECT_EQ(rows.size(), 4U);  // no new contract
  bool found = false;
  for (const auto& c : rows) {
    if (c.contract_id == id) {
      EXPECT_EQ(c.path, m_dir.file("archive/a-2026.txt"));
      EXPECT_EQ(c.reviews, 1);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  registry::Registry reg = open();
  EXPECT_EQ(reg.history("contract", id)->back().action, "edit");
  EXPECT_TRUE(reg.verify(std::nullopt)->ok());
}

TEST_F(BatchRunner, ACopyBesideTheOriginalIsAContractOfItsOwn) {
  run(files());
  std::filesystem::copy_file(m_dir.file("a.txt"), m_dir.file("a-copy.txt"));
  auto with_copy = files();
  with_copy.push_back({m_dir.file("a-copy.txt"), 0});
  const batch::Summary s = run(with_copy);
  EXPECT_EQ(outcomes(s)["a-copy.txt"], batch::Outcome::reviewed);
  EXPECT_EQ(outcomes(s)["a.txt"], batch::Outcome::unchanged);
  EXPECT_EQ(latest().size(), 5U);
}

TEST_F(BatchRunner, ANewCatalogVersionOrOtherOptionsReviewAgain) {
  run(files());
  batch::Options v2;
  v2.catalog_version = "v2";
  EXPECT_EQ(run(files(), v2).reviewed, 3U);
  EXPECT_EQ(run(files(), v2).reviewed, 0U);
  batch::Options cloud = v2;
  cloud.options_key = "kind=cloud tier=";
  cloud.review.kinds = {"cloud"};
  EXPECT_EQ(run(files(), cloud).reviewed, 3U);
  for (const auto& c : latest()) {
    if (!c.review.failed) {
      EXPECT_EQ(c.review.kinds, std::vector<std::string>{"cloud"});
      EXPECT_EQ(c.review.options, "kind=cloud tier=");
    }
  }
}

TEST_F(BatchRunner, AStopBeforeTheFirstFileRecordsNothing) {
  const batch::Summary s = run(files(), {}, true);
  EXPECT_TRUE(s.interrupted);
  EXPECT_TRUE(s.files.empty());
  EXPECT_TRUE(latest().empty());
}

TEST_F(BatchRunner, TheNumberOfWorkersDoesNotChangeTheResults) {
  batch::Options one;
  one.jobs = 1;
  run(files(), one);
  std::map<std::string, std::vector<std::string>> first;
  for (const auto& c : latest()) {
    for (const auto& f : c.review.findings) {
      first[c.path].push_back(f.requirement_id + ":" + f.status);
    }
  }
  batch::Options four;
  four.jobs = 4;
  four.force = true;
  const batch::Summary s = run(files(), four);
  EXPECT_EQ(s.jobs, 4U);
  for (const auto& c : latest()) {
    std::vector<std::string> now;
    for (const auto& f : c.review.findings) {
      now.push_back(f.requirement_id + ":" + f.status);
    }
    EXPECT_EQ(now, first[c.path]) << c.path;
  }
}

TEST_F(BatchRunner, AContractNamingARegisteredVendorIsLinked) {
  {
    registry::Registry reg = open();
    registry::Vendor v;
    v.name = "株式会社みなと計算センター";
    ASSERT_TRUE(reg.add_vendor(v));
  }
  run(files());
  for (const auto& c : latest()) {
    if (!c.review.failed) {
      EXPECT_EQ(c.vendor, "株式会社みなと計算センター") << c.path;
      EXPECT_TRUE(c.vendor_status.has_value());
    }
  }
}

// The sub-contracting clause of b.txt edited (承諾 → 通知): a new version of the same contract,
// compared with its last review; the registry records the review it superseded.
TEST_F(BatchRunner, AnEditedFileIsComparedWithTheReviewItSupersedes) {
  const std::string flow_down =
      "乙は、再委託先に対し、この契約により乙が負う義務と同等の義務を負わせるとともに、再委託先の行為について甲に対し"
      "全ての責任を負うものとする。";
  write(m_dir.file("b.txt"),
        contract("乙は、本業務の一部を第三者に委託しようとするときは、あらかじめ甲の書面による承諾を得なければならない。" +
                 flow_down));
  run(files());
  const auto first = latest();
  const int64_t b_id = first[1].contract_id;
  const int64_t b_review = first[1].review.id;
  write(m_dir.file("b.txt"),
        contract("乙は、本業務の一部を第三者に委託しようとするときは、あらかじめ甲に書面により通知しなければならない。" +
                 flow_down));
  const batch::Summary s = run(files());
  EXPECT_EQ(s.new_versions, 1U);
  EXPECT_EQ(s.regressed, 1U);
  for (const batch::FileLine& f : s.files) {
    if (std::filesystem::path(f.path).filename() != "b.txt") {
      EXPECT_FALSE(f.previous_version.has_value()) << f.path;
      continue;
    }
    ASSERT_TRUE(f.previous_version.has_value());
    EXPECT_EQ(f.contract_id, b_id);
    EXPECT_EQ(f.previous_version->review_id, b_review);
    EXPECT_EQ(f.previous_version->path, m_dir.file("b.txt"));
    ASSERT_FALSE(f.previous_version->regressions.empty());
    const report::VersionRegression& g = f.previous_version->regressions.front();
    EXPECT_EQ(g.id, "OUT-09");
    EXPECT_EQ(g.severity, "must");
    EXPECT_EQ(g.before.status, core::Status::satisfied);
    EXPECT_EQ(g.after.status, core::Status::weak);
    EXPECT_EQ(g.before.clause, "第1条");
    EXPECT_NE(g.before.text.find("承諾"), std::string::npos) << g.before.text;
    EXPECT_NE(g.after.text.find("通知"), std::string::npos) << g.after.text;
  }
  const auto rows = latest();
  EXPECT_EQ(rows[1].review.supersedes, b_review);
  EXPECT_FALSE(rows[0].review.supersedes.has_value());
  registry::Registry reg = open();
  EXPECT_TRUE(reg.verify(std::nullopt)->ok());
  // Run again: nothing new, nothing compared.
  EXPECT_EQ(run(files()).new_versions, 0U);
}

// Renamed and edited (its old name gone): the new file continues the contract whose title and
// vendor it has, and is compared with its review.
TEST_F(BatchRunner, ARenamedAndEditedFileContinuesItsContract) {
  run(files());
  const int64_t b_id = latest()[1].contract_id;
  std::filesystem::remove(m_dir.file("b.txt"));
  write(m_dir.file("b-v2.txt"), contract("乙は、本業務を第三者に再委託するときは、あらかじめ甲に通知しなければならない。"));
  auto renamed =
      batch::collect_files({m_dir.file("a.txt"), m_dir.file("b-v2.txt"), m_dir.file("c.txt"), m_dir.file("bad.txt")});
  ASSERT_TRUE(renamed);
  const batch::Summary s = run(*renamed);
  EXPECT_EQ(s.new_versions, 1U);
  bool found = false;
  for (const batch::FileLine& f : s.files) {
    if (std::filesystem::path(f.path).filename() == "b-v2.txt") {
      found = true;
      EXPECT_EQ(f.contract_id, b_id);
      ASSERT_TRUE(f.previous_version.has_value());
      EXPECT_EQ(f.previous_version->path, m_dir.file("b.txt"));
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(latest().size(), 4U);  // no new contract
}

// A copy of a contract's content under a new name beside it is that contract's version, not a new
// version of another contract with the same title and vendor.
TEST_F(BatchRunner, ACopyIsNoNewVersionOfAnotherContract) {
  run(files());
  std::filesystem::copy_file(m_dir.file("a.txt"), m_dir.file("a-copy.txt"));
  auto with_copy = files();
  with_copy.push_back({m_dir.file("a-copy.txt"), 0});
  const batch::Summary s = run(with_copy);
  EXPECT_EQ(s.new_versions, 0U);
}

// a.txt, b.txt and c.txt share their title and vendor: a new file with them is a version of none.
TEST_F(BatchRunner, SeveralContractsWithTheTitleAndVendorLeaveANewFileUnlinked) {
  run(files());
  write(m_dir.file("d.txt"), contract("乙は、本業務を第三者に再委託するときは、あらかじめ甲に通知しなければならない。"));
  auto with_d = files();
  with_d.push_back({m_dir.file("d.txt"), 0});
  const batch::Summary s = run(with_d);
  EXPECT_EQ(s.reviewed, 1U);
  EXPECT_EQ(s.new_versions, 0U);
}

// Versions side by side in a folder of their own: the second supersedes the first, the third the
// second (the first, superseded already, is no candidate any more).
TEST_F(BatchRunner, VersionsSideBySideFormAChain) {
  namespace fs = std::filesystem;
  fs::create_directories(m_dir.file("chain"));
  const auto version = [&](const std::string& name, const std::string& clause) {
    write(m_dir.file("chain/" + name), contract(clause));
    auto f = batch::collect_files({m_dir.file("chain")});
    EXPECT_TRUE(f);
    return run(*f);
  };
  version("v1.txt", "乙は、甲の承諾を得ないで本業務を第三者に再委託してはならない。");
  const batch::Summary second =
      version("v2.txt", "乙は、本業務を第三者に再委託するときは、あらかじめ甲に通知しなければならない。");
  ASSERT_EQ(second.new_versions, 1U);
  const batch::Summary third = version("v3.txt", "乙は、本業務の一部を再委託することができる。");
  ASSERT_EQ(third.new_versions, 1U);
  for (const batch::FileLine& f : third.files) {
    if (fs::path(f.path).filename() == "v3.txt") {
      ASSERT_TRUE(f.previous_version.has_value());
      EXPECT_EQ(f.previous_version->path, m_dir.file("chain/v2.txt"));
      ASSERT_FALSE(f.previous_version->regressions.empty());
      EXPECT_EQ(f.previous_version->regressions.front().before.status, core::Status::weak);
      EXPECT_EQ(f.previous_version->regressions.front().after.status, core::Status::contradicted);
    }
  }
}

TEST(BatchOptions, KeyNamesKindsTierAndView) {
  EXPECT_EQ(batch::options_key({}, "", false), "kind=auto tier=");
  EXPECT_EQ(batch::options_key({"sns", "cloud", "cloud"}, "lgwan", true), "kind=cloud,sns tier=lgwan revisions=original");
}

TEST(CatalogVersion, ChangesWithTheRequirementsAndNotWithTheirPlace) {
  TempDir dir;
  namespace fs = std::filesystem;
  fs::copy(catalog::default_dir(), dir.file("a"), fs::copy_options::recursive);
  fs::copy(catalog::default_dir(), dir.file("b"), fs::copy_options::recursive);
  const auto a = catalog::version(dir.file("a"));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->size(), 64U);
  EXPECT_EQ(*catalog::version(dir.file("b")), *a);
  std::string file;
  for (const auto& e : fs::directory_iterator(dir.file("b/outsourcing"))) {
    file = e.path().string();
    break;
  }
  std::ofstream(file, std::ios::app) << "\n# a comment\n";
  EXPECT_NE(*catalog::version(dir.file("b")), *a);
  EXPECT_FALSE(catalog::version(dir.file("nowhere")));
}

TEST_F(BatchRunner, ANameThatIsNotUtf8IsRecordedAsFailedUnderAnEscapedNameAndTheBatchGoesOn) {
  const std::string bad_name = m_dir.file("bad\xff.txt");
  write(bad_name, contract("乙は、本業務に関して知り得た秘密を第三者に漏らしてはならない。"));
  auto f = batch::collect_files({m_dir.file("a.txt"), bad_name});
  ASSERT_TRUE(f);
  const batch::Summary s = run(*f);
  EXPECT_EQ(s.reviewed, 1U);
  EXPECT_EQ(s.failed, 1U);
  ASSERT_EQ(s.files.size(), 2U);
  const std::string escaped = m_dir.file("bad\\xFF.txt");
  EXPECT_EQ(s.files[1].path, escaped);
  EXPECT_EQ(s.files[1].error,
            escaped + ": the file name is not UTF-8 and is not reviewed (rename the file)");
  const auto rows = latest();
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1].path, escaped);
  EXPECT_TRUE(rows[1].review.failed);
  // The next run finds it under the same name: still one contract for it.
  run(*f);
  EXPECT_EQ(latest().size(), 2U);
}

TEST_F(BatchRunner, AnExceptionEndsTheBatchWithAnInternalErrorAndKeepsWhatWasRecorded) {
  batch::Options options;
  options.catalog_version = "v1";
  options.options_key = "kind=auto tier=";
  options.jobs = 2;
  registry::Registry reg = open();
  std::atomic<bool> stop{false};
  size_t calls = 0;
  auto s = batch::run(
      *s_engine, reg, files(), options,
      [&](const batch::Progress&, const batch::FileLine&) {
        if (++calls == 2) {
          throw std::runtime_error("the progress view broke");
        }
      },
      stop);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::internal);
  EXPECT_EQ(s.error().message, "internal error: the progress view broke");
  // Every file recorded before is there, each whole; the registry is consistent.
  const auto rows = latest();
  EXPECT_GE(rows.size(), 2U);
  for (const auto& c : rows) {
    EXPECT_TRUE(c.review.failed || !c.review.findings.empty()) << c.path;
  }
  registry::Registry again = open();
  auto verified = again.verify(std::nullopt);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->ok()) << (verified->problems.empty() ? "" : verified->problems[0]);
}
