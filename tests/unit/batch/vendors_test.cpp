// Finding a registered vendor in a contract's parties and preamble.
#include <batch/vendors.hpp>

#include <gtest/gtest.h>

using namespace keiyaku;
using batch::VendorIndex;

namespace {

core::Document doc(const std::vector<std::string>& lines) {
  core::Document d;
  for (const std::string& l : lines) {
    core::Block b;
    b.paragraph = static_cast<int>(d.blocks.size());
    b.text = l;
    d.blocks.push_back(b);
  }
  return d;
}

const VendorIndex k_index({{1, "株式会社みなと", ""},
                           {2, "株式会社みなと計算センター", ""},
                           {3, "北浜データ株式会社", "1234567890123"},
                           {4, "A", ""}});

}  // namespace

TEST(BatchVendors, TheLongestWholeNameInThePreambleWins) {
  const core::Document d = doc({"業務委託契約書",
                                "北浜市（以下「甲」という。）と株式会社みなと計算センター（以下「乙」という。）は、次のとおり契約する。",
                                "第1条 乙は、株式会社みなとの業務を行う。"});
  EXPECT_EQ(k_index.find({}, d), std::optional<int64_t>(2));
}

TEST(BatchVendors, ANameInsideALongerNameIsNotThatVendor) {
  const core::Document d = doc({"業務委託契約書", "北浜市と株式会社みなとシステムズは、次のとおり契約する。"});
  EXPECT_EQ(k_index.find({}, d), std::nullopt);
}

TEST(BatchVendors, SpacesFullWidthAndAbbreviationsAreNormalised) {
  // （株）for 株式会社, full-width spaces inside the name, a space ending it in a table cell.
  const core::Document d = doc({"契約書", "受注者　（株）　みなと　代表取締役　山田太郎"});
  EXPECT_EQ(k_index.find({}, d), std::optional<int64_t>(1));
}

TEST(BatchVendors, TheCorporateNumberWins) {
  const core::Document d = doc({"契約書", "受注者 株式会社みなと 法人番号 １２３４－５６７８－９０１２－３"});
  EXPECT_EQ(k_index.find({}, d), std::optional<int64_t>(3));
}

TEST(BatchVendors, OnlyThePreambleIsSearched) {
  const core::Document d = doc({"契約書", "北浜市と乙は、次のとおり契約する。", "第1条 株式会社みなとに再委託してはならない。"});
  EXPECT_EQ(k_index.find({}, d), std::nullopt);
  core::Parties parties;
  parties.vendor_name = "株式会社みなと";  // as resolved from the definitions
  EXPECT_EQ(k_index.find(parties, d), std::optional<int64_t>(1));
}
