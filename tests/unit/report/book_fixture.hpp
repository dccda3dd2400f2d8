#pragma once
// A report with two contracts, text that must be escaped or neutralised, and a failed file.

#include <report/report.hpp>

namespace keiyaku::test {

inline report::Book sample_book() {
  using core::Status;
  report::Book b;
  b.generated_at = "2026-04-01T09:00:00+09:00";
  const report::Column out08{"OUT-08", "outsourcing", "守秘義務", "must"};
  const report::Column out09{"OUT-09", "outsourcing", "再委託の制限", "must"};
  const report::Column cld04{"CLD-04", "cloud", "データの保管場所", "must"};
  b.columns = {out09, cld04, out08};
  report::sort_columns(b.columns);

  report::ContractReport a;
  a.path = "/contracts/2026/a&b.docx";
  a.title = "<script>alert(\"x\")</script>業務委託契約書";
  a.sha256 = std::string(64, 'a');
  a.vendor = "株式会社みなと";
  a.vendor_status = "確認済";
  a.kinds = {"outsourcing", "cloud"};
  a.body_term = "甲";
  a.vendor_term = "乙";
  a.summary.must = 3;
  a.summary.satisfied = 1;
  a.summary.contradicted = 1;
  a.summary.missing = 1;
  report::Verdict v1{out08, Status::satisfied, "", "", {"総務省ガイドライン 8.1"},
                     {{"第9条", "乙は、秘密を<img src=x onerror=alert(1)>漏らしてはならない。", 12}}, std::nullopt};
  report::Verdict v2{out09, Status::contradicted, "甲の承諾なしに認めている", "=乙は、あらかじめ甲の書面による承認を得た場合を除き…",
                     {"総務省ガイドライン 8.1(2)"}, {{"第10条", "+乙は、再委託することができる。", 14}}, std::nullopt};
  report::Verdict v3{cld04, Status::missing, "", "@乙は、甲の情報を日本国内に保管しなければならない。", {}, {}, std::nullopt};
  a.verdicts = {v1, v2, v3};
  core::RiskFinding risk;
  risk.id = "RISK-01";
  risk.evidence = {"第21条", "-損害賠償の上限は委託料の額とする。", 40};
  risk.message = "損害賠償の上限・免責";
  a.risks = {risk};
  a.file_risks = {{"DOCX-MACRO", "high", "マクロ有効形式の文書です", "word/vbaProject.bin"}};
  b.contracts.push_back(a);

  report::ContractReport c;
  c.path = "/contracts/2026/b.docx";
  c.title = "クラウドサービス利用契約書, 2026年度";
  c.kinds = {"cloud"};
  c.summary.must = 1;
  c.summary.weak = 1;
  c.verdicts = {report::Verdict{cld04, Status::weak, "努力義務にとどまる", "乙は、…", {}, {{"5.(2)", "国内に保管するよう努める。", 3}}, std::nullopt}};
  b.contracts.push_back(c);

  report::ContractReport f;
  f.path = "/contracts/2026/broken.docx";
  f.failed = true;
  f.error = "/contracts/2026/broken.docx: 暗号化されたDOCXは読めません";
  b.contracts.push_back(f);
  return b;
}

}  // namespace keiyaku::test
