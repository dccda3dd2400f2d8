// Which files a batch takes from the folders it is given.
#include "support/temp_dir.hpp"

#include <batch/files.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace keiyaku;
using keiyaku::test::TempDir;

namespace {

void touch(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "x";
}

std::vector<std::string> names(const std::vector<batch::FileEntry>& files, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& f : files) {
    out.push_back(f.path.substr(root.size() + 1));
  }
  return out;
}

}  // namespace

TEST(BatchFiles, ContractFileNames) {
  EXPECT_TRUE(batch::is_contract_file("a.docx"));
  EXPECT_TRUE(batch::is_contract_file("dir/契約書.DOCX"));
  EXPECT_TRUE(batch::is_contract_file("macro.docm"));
  EXPECT_TRUE(batch::is_contract_file("template.dotx"));
  EXPECT_FALSE(batch::is_contract_file("~$契約書.docx"));  // Word's owner file of an open document
  EXPECT_FALSE(batch::is_contract_file("dir/~$a.docx"));
  EXPECT_FALSE(batch::is_contract_file("old.doc"));
  EXPECT_TRUE(batch::is_contract_file("契約書.pdf"));
  EXPECT_TRUE(batch::is_contract_file("SCAN.PDF"));
  EXPECT_TRUE(batch::is_contract_file("契約書.txt"));
  EXPECT_FALSE(batch::is_contract_file("README.md"));
  EXPECT_FALSE(batch::is_contract_file("a.pdf.part"));
  EXPECT_FALSE(batch::is_contract_file("a.docx.bak"));
}

TEST(BatchFiles, WalksFoldersRecursivelySortedAndOnce) {
  TempDir dir;
  const std::string root = dir.path();
  touch(root + "/b/2.docx");
  touch(root + "/b/deep/er/3.DOCX");
  touch(root + "/a/1.docm");
  touch(root + "/a/~$1.docx");
  touch(root + "/a/readme.md");
  touch(root + "/a/4.pdf");
  touch(root + "/loose.txt");
  // A link back up the tree is not followed (no loop, no duplicates).
  std::filesystem::create_directory_symlink(root + "/b", root + "/a/link-to-b");
  auto files = batch::collect_files({root + "/b", root, root + "/loose.txt", root + "/a/../b/2.docx"});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(names(*files, root),
            (std::vector<std::string>{"a/1.docm", "a/4.pdf", "b/2.docx", "b/deep/er/3.DOCX", "loose.txt"}));
  for (const auto& f : *files) {
    EXPECT_TRUE(std::filesystem::path(f.path).is_absolute()) << f.path;
  }
}

TEST(BatchFiles, AMissingInputIsAnErrorNamingIt) {
  TempDir dir;
  auto files = batch::collect_files({dir.path(), dir.file("nope")});
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, ErrorCode::not_found);
  EXPECT_NE(files.error().message.find(dir.file("nope")), std::string::npos);
}
