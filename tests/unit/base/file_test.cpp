// base/file: outputs that are not regular files are written in place; same-file checks.
#include "support/temp_dir.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include <fstream>
#include <future>

using namespace keiyaku;
using keiyaku::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

mode_t kind_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & S_IFMT;
}

}  // namespace

TEST(FileOutput, ARegularFileIsReplacedAndANewNameCreated) {
  TempDir dir;
  const std::string p = dir.file("out.txt");
  EXPECT_TRUE(file::replaced_atomically(p));
  ASSERT_TRUE(file::write_output(p, "one"));
  ASSERT_TRUE(file::write_output(p, "two"));
  EXPECT_EQ(slurp(p), "two");
  EXPECT_EQ(kind_of(p), static_cast<mode_t>(S_IFREG));
}

TEST(FileOutput, ANamedPipeStaysAPipeAndItsReaderGetsTheData) {
  TempDir dir;
  const std::string p = dir.file("fifo");
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  EXPECT_FALSE(file::replaced_atomically(p));
  auto reader = std::async(std::launch::async, [&] { return slurp(p); });
  ASSERT_TRUE(file::write_output(p, "through the pipe"));
  EXPECT_EQ(reader.get(), "through the pipe");
  EXPECT_EQ(kind_of(p), static_cast<mode_t>(S_IFIFO));
}

TEST(FileOutput, DevNullStaysADevice) {
  EXPECT_FALSE(file::replaced_atomically("/dev/null"));
  ASSERT_TRUE(file::write_output("/dev/null", "nothing"));
  EXPECT_EQ(kind_of("/dev/null"), static_cast<mode_t>(S_IFCHR));
}

TEST(FileOutput, ASymbolicLinkStaysALinkAndItsTargetIsWritten) {
  TempDir dir;
  const std::string target = dir.file("target.txt");
  const std::string link = dir.file("link.txt");
  std::ofstream(target) << "old";
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  ASSERT_TRUE(file::write_output(link, "new"));
  EXPECT_EQ(kind_of(link), static_cast<mode_t>(S_IFLNK));
  EXPECT_EQ(slurp(target), "new");
}

TEST(FileOutput, SameFileFollowsLinks) {
  TempDir dir;
  const std::string a = dir.file("a.docx");
  std::ofstream(a) << "x";
  ASSERT_EQ(::symlink(a.c_str(), dir.file("s.docx").c_str()), 0);
  ASSERT_EQ(::link(a.c_str(), dir.file("h.docx").c_str()), 0);
  std::ofstream(dir.file("b.docx")) << "x";
  EXPECT_TRUE(file::same_file(a, dir.file("s.docx")));
  EXPECT_TRUE(file::same_file(
      dir.path() + "/../" + dir.path().substr(dir.path().rfind('/') + 1) + "/h.docx", a));
  EXPECT_FALSE(file::same_file(a, dir.file("b.docx")));
  EXPECT_FALSE(file::same_file(a, dir.file("missing.docx")));
}

TEST(FileOutput, AnOutputThatIsAnInputIsRefusedNamingBoth) {
  set_ui_lang(Lang::en);
  TempDir dir;
  const std::string in = dir.file("in.docx");
  std::ofstream(in) << "x";
  ASSERT_EQ(::symlink(in.c_str(), dir.file("out.html").c_str()), 0);
  EXPECT_TRUE(file::refuse_overlap({dir.file("new.html"), "-", ""}, {in}));
  const Status st = file::refuse_overlap({dir.file("out.html")}, {dir.file("other"), in});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::usage);
  EXPECT_EQ(st.error().message, dir.file("out.html") +
                                    ": the output is the same file as an input (" + in +
                                    "); name another output");
}

TEST(FileOutput, DevStdoutIsWrittenThroughStdoutKeepingItsAppendMode) {
  TempDir dir;
  const std::string log = dir.file("log.txt");
  std::ofstream(log) << "earlier\n";
  std::fflush(stdout);
  const int saved = ::dup(STDOUT_FILENO);
  const int fd = ::open(log.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  ::dup2(fd, STDOUT_FILENO);
  ::close(fd);
  const Status st = file::write_output("/dev/stdout", "report\n");
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  ASSERT_TRUE(st);
  EXPECT_EQ(slurp(log), "earlier\nreport\n");
}
