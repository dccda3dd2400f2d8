// One input limit for every command that reads a document (--input-limit, 64M by default): it caps
// the XML a DOCX inflates, never the media it carries.
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using keiyaku::test::build_dir;
using keiyaku::test::run;
using keiyaku::test::source_dir;
using keiyaku::test::TempDir;

namespace {

std::string bin() {
  return build_dir() + "/keiyaku --lang en --no-color";
}

// The sample contract with a 70 MiB photo added (stored, random bytes): a valid DOCX larger than
// the input limit whose XML is a few kilobytes.
std::string big_contract(const TempDir& dir) {
  const std::string path = dir.file("contracts/big.docx");
  const auto r = run("cd " + dir.path() + " && mkdir -p contracts word/media && cp " +
                     source_dir() + "/samples/outsourcing-tokki.docx " + path +
                     " && head -c 73400320 /dev/urandom > word/media/photo.png && zip -0 -q " +
                     path + " word/media/photo.png && rm -r word");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

}  // namespace

TEST(CliLimits, ALargeDocxMadeOfOneImageIsReadByEveryCommand) {
  TempDir dir;
  const std::string big = big_contract(dir);
  const auto scan = run(bin() + " scan --format json " + big);
  EXPECT_EQ(scan.exit_code, 1) << scan.err;  // read and reviewed: the sample has findings
  EXPECT_NE(scan.out.find("\"OUT-08\""), std::string::npos);
  const auto batch = run(bin() + " batch " + dir.file("contracts") + " --db " + dir.file("r.db") +
                         " --format json");
  EXPECT_EQ(batch.exit_code, 0) << batch.err << batch.out;
  EXPECT_EQ(nlohmann::json::parse(batch.out).at("reviewed"), 1) << batch.out;
  EXPECT_EQ(run(bin() + " extract " + big).exit_code, 0);
  EXPECT_EQ(run(bin() + " inspect " + big).exit_code, 0);
}

TEST(CliLimits, OneOptionSetsTheLimitForScanBatchExtractAndInspect) {
  TempDir dir;
  const std::string big = big_contract(dir);
  for (const std::string command : {"scan", "extract", "inspect"}) {
    const auto r = run(bin() + " " + command + " --input-limit 4K " + big);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("big.docx"), std::string::npos) << command << ": " << r.err;
    EXPECT_NE(r.err.find("input limit (4096 bytes; --input-limit changes it)"), std::string::npos)
        << command << ": " << r.err;
  }
  const auto batch =
      run(bin() + " batch --input-limit 4K " + dir.file("contracts") + " --db " + dir.file("r.db"));
  EXPECT_EQ(batch.exit_code, 2) << batch.out;
  EXPECT_NE((batch.out + batch.err).find("--input-limit changes it"), std::string::npos)
      << batch.out << batch.err;
  // Raised past what the file needs, the same commands read it.
  EXPECT_EQ(run(bin() + " scan --input-limit 1G --fail-on never " + big).exit_code, 0);
  EXPECT_EQ(run(bin() + " scan --input-limit lots " + big).exit_code, 2);  // a usage error
}
