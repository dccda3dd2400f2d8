#include "report.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace keiyaku::report {

namespace {

std::string esc(std::string_view s) { return str::html_escape(s); }

const char* status_class(core::Status s) {
  switch (s) {
    case core::Status::satisfied: return "st-satisfied";
    case core::Status::weak: return "st-weak";
    case core::Status::contradicted: return "st-contradicted";
    case core::Status::missing: return "st-missing";
    case core::Status::not_applicable: return "st-na";
  }
  return "st-na";
}

// A mark that still reads when printed in black and white.
const char* status_mark(core::Status s) {
  switch (s) {
    case core::Status::satisfied: return "○";
    case core::Status::weak: return "△";
    case core::Status::contradicted: return "×";
    case core::Status::missing: return "欠";
    case core::Status::not_applicable: return "－";
  }
  return "";
}

// For sorting: worse is larger.
int status_rank(core::Status s) {
  switch (s) {
    case core::Status::contradicted: return 4;
    case core::Status::missing: return 3;
    case core::Status::weak: return 2;
    case core::Status::satisfied: return 1;
    case core::Status::not_applicable: return 0;
  }
  return 0;
}

std::string family_label(const std::string& family) {
  if (family == "outsourcing") {
    return tr("業務委託", "Outsourcing");
  }
  if (family == "cloud") {
    return tr("外部サービス", "External/cloud services");
  }
  if (family == "sns") {
    return tr("ソーシャルメディア", "Social media");
  }
  if (family == "tier") {
    return tr("三層の対策", "Three-tier model");
  }
  return family;
}

std::string severity_label(const std::string& severity) {
  return severity == "must" ? tr("必須", "must") : severity == "should" ? tr("推奨", "should") : severity;
}

std::string badge(core::Status s) {
  return fmt::format("<span class=\"badge {}\">{}</span>", status_class(s), esc(status_label(s)));
}

std::string counts_badges(const Summary& s) {
  return fmt::format(
      "<span class=\"badge st-contradicted\">{} {}</span> <span class=\"badge st-missing\">{} {}</span> "
      "<span class=\"badge st-weak\">{} {}</span> <span class=\"badge st-satisfied\">{} {}</span> "
      "<span class=\"muted\">（{} {}）</span>",
      esc(status_label(core::Status::contradicted)), s.contradicted, esc(status_label(core::Status::missing)),
      s.missing, esc(status_label(core::Status::weak)), s.weak, esc(status_label(core::Status::satisfied)),
      s.satisfied, esc(tr("必須要件", "must-requirements")), s.must);
}

constexpr const char* k_style = R"css(
:root{--ok:#d7f0d7;--ok-t:#145214;--weak:#fff0b8;--weak-t:#6b4f00;--bad:#f7caca;--bad-t:#8a1010;
--miss:#f2d3ec;--miss-t:#6e1a5e;--na:#ececec;--na-t:#6b6b6b;--line:#c8c8c8}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK JP","Hiragino Kaku Gothic ProN","Yu Gothic","Meiryo",sans-serif;
font-size:10.5pt;line-height:1.55;color:#1a1a1a;margin:0 auto;max-width:1400px;padding:16px}
h1{font-size:16pt;margin:0 0 4px}h2{font-size:13.5pt;margin:0 0 4px;border-bottom:2px solid #333;padding-bottom:2px}
h3{font-size:11.5pt;margin:18px 0 6px;border-left:4px solid #555;padding-left:6px}
h4{font-size:10.5pt;margin:0 0 4px}
.muted,.meta,.path{color:#555;font-size:9pt}.path{word-break:break-all;margin:0 0 6px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid var(--line);padding:3px 5px;vertical-align:top}
th{background:#f3f3f3;text-align:left;font-weight:600}
.badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:9pt;white-space:nowrap}
.st-satisfied{background:var(--ok);color:var(--ok-t)}.st-weak{background:var(--weak);color:var(--weak-t)}
.st-contradicted{background:var(--bad);color:var(--bad-t)}.st-missing{background:var(--miss);color:var(--miss-t)}
.st-na{background:var(--na);color:var(--na-t)}.failed{background:#fbe3d3}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:6px 0}
dl.facts dt{color:#555}dl.facts dd{margin:0;word-break:break-all}
article.finding{border:1px solid var(--line);border-left-width:6px;padding:6px 10px;margin:8px 0;break-inside:avoid}
article.st-weak{border-left-color:#d9b300}article.st-contradicted{border-left-color:#c62828}
article.st-missing{border-left-color:#a0368c}article.finding.st-weak,article.finding.st-contradicted,
article.finding.st-missing{background:none;color:inherit}
blockquote{margin:4px 0;padding:3px 8px;background:#f7f7f7;border-left:3px solid #999}
blockquote cite{font-style:normal;font-weight:600;margin-right:6px}
.suggest{background:#eef5ff;border:1px dashed #6b8fc7;padding:4px 8px;margin-top:4px}
.suggest p{margin:2px 0;white-space:pre-wrap}.label{font-weight:600;margin-right:6px}
.error{background:#fbe3d3;padding:6px 10px;border:1px solid #e0a070}
section.contract{margin-top:28px}
.controls{margin:10px 0;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.controls input{padding:3px 6px;min-width:18em}
.matrix-wrap{overflow-x:auto}
#matrix{font-size:9pt;width:auto}#matrix td.m{text-align:center;min-width:2.2em;padding:2px}
#matrix th{cursor:pointer;position:sticky;top:0;z-index:1}#matrix th.r{writing-mode:vertical-rl;
text-orientation:mixed;white-space:nowrap;padding:4px 2px;font-weight:500}
#matrix th[aria-sort=ascending]::after{content:" ▲"}#matrix th[aria-sort=descending]::after{content:" ▼"}
#matrix td.n{text-align:right}.legend span{margin-right:8px}
#matrix .todo,.idkey{display:none}#matrix td.todo .badge{font-size:7.5pt;padding:0 3px;margin-right:3px}
table.verdicts td:first-child{white-space:nowrap}ul.risk-changes li.added{font-weight:600}
a{color:#174ea6}
@page{size:A4 portrait;margin:12mm}@page detail{size:A4 portrait;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:9pt;line-height:1.4}.controls,.back{display:none}
section.contract{page:detail}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
section.contract{break-before:page;margin-top:0}section.contract.only{break-before:auto}.matrix-wrap{overflow:visible}#matrix th{position:static}
#matrix{table-layout:fixed;width:100%;font-size:8pt;line-height:1.35}
#matrix thead{display:table-header-group}#matrix tr{break-inside:avoid;page-break-inside:avoid}
#matrix th.r,#matrix td.m{display:none}#matrix .todo{display:table-cell}
#matrix th.no{width:7mm}#matrix th.title{width:64mm}#matrix th.vendor{width:34mm}#matrix th.vstatus{width:22mm}
#matrix th.cnt{width:10mm}#matrix th.cnt,#matrix th.no{white-space:nowrap;overflow:hidden}
#matrix td{overflow-wrap:anywhere}#matrix td .path{font-size:6.5pt;margin:0}
.legend{display:none}.idkey{display:block;font-size:7pt;line-height:1.4;margin:4px 0}.idkey span{margin-right:9px}
table.verdicts tr,dl.facts{break-inside:avoid}table.verdicts thead{display:table-header-group}}
)css";

// Sorting and filtering of the matrix. It reads only the page itself: no document text is put
// into the script.
constexpr const char* k_script = R"js(
(function(){
var t=document.getElementById('matrix');if(!t)return;
var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows);
var q=document.getElementById('q'),only=document.getElementById('only'),shown=document.getElementById('shown');
function filter(){var s=q.value.toLowerCase(),o=only.value,n=0;
rows.forEach(function(r){var ok=(!s||r.getAttribute('data-text').indexOf(s)>=0)&&
(!o||(' '+r.getAttribute('data-has')+' ').indexOf(' '+o+' ')>=0);r.style.display=ok?'':'none';if(ok)n++;});
shown.textContent=n;}
q.addEventListener('input',filter);only.addEventListener('change',filter);
var ths=t.tHead.rows[0].cells;
Array.prototype.forEach.call(ths,function(th,i){th.addEventListener('click',function(){
var text=th.getAttribute('data-type')==='text',cur=th.getAttribute('aria-sort');
var dir=cur?(cur==='ascending'?-1:1):(text?1:-1);
Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
rows.sort(function(a,b){var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');
if(x===null)x=a.cells[i].textContent;if(y===null)y=b.cells[i].textContent;
if(!text){return((parseFloat(x)||0)-(parseFloat(y)||0))*dir||(a.rowIndex-b.rowIndex);}
return x.localeCompare(y,'ja')*dir;});
rows.forEach(function(r){tb.appendChild(r);});});});
})();
)js";

std::string head(const std::string& title, bool landscape) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(ui_lang() == Lang::ja ? "ja" : "en") + "\">\n";
  out += "<head>\n<meta charset=\"utf-8\">\n";
  // Nothing may be fetched: no network, no external files, only the inline style and script.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"keiyaku\">\n";
  out += "<title>" + esc(title) + "</title>\n<style>" + std::string(k_style);
  if (landscape) {
    out += "@page{size:A4 landscape;margin:10mm}\n";
  }
  out += "</style>\n</head>\n<body id=\"top\">\n";
  return out;
}

std::string kinds_text(const ContractReport& c) {
  std::string k;
  for (const std::string& kind : c.kinds) {
    k += (k.empty() ? "" : ", ") + family_label(kind);
  }
  if (!c.tier.empty()) {
    k += " + " + c.tier;
  }
  return k;
}

std::string evidence_quote(const core::Evidence& e) {
  return fmt::format("<blockquote><cite>{}</cite>「{}」 <span class=\"muted\">（{} {}）</span></blockquote>\n",
                     esc(e.clause), esc(e.text), esc(tr("段落", "paragraph")), e.paragraph);
}

// A new version of a contract the registry held (batch, report): the review it superseded, each
// requirement that got worse since, with the verdict and the clause cited on each side, and each
// risk clause added or removed. "" when the contract is no new version.
std::string previous_version_section(const ContractReport& c) {
  if (!c.previous_version) {
    return {};
  }
  const PreviousVersion& p = *c.previous_version;
  std::string out = "<h3>" + esc(version_label(VersionLabel::since_previous)) + "</h3>\n";
  out += "<p class=\"muted\">" + esc(version_label(VersionLabel::previous_version)) + ": " +
         esc(p.path) +
         (p.reviewed_at.empty() ? ""
                                : esc(tr("（", " (") + version_label(VersionLabel::reviewed) + " " +
                                      p.reviewed_at + tr("）", ")"))) +
         "</p>\n";
  const auto clause = [](const std::string& ref, const std::string& text) {
    if (ref.empty()) {
      return "<span class=\"muted\">" + esc(version_label(VersionLabel::no_clause)) + "</span>";
    }
    return "<b>" + esc(ref) + "</b> 「" + esc(text) + "」";
  };
  if (p.regressions.empty()) {
    out += "<p>" + esc(version_label(VersionLabel::nothing_worse)) + "</p>\n";
  } else {
    out += "<table class=\"regressions\">\n<thead><tr><th>ID</th><th>" +
           esc(tr("要件", "requirement")) + "</th><th>" + esc(tr("判定", "verdict")) + "</th><th>" +
           esc(version_label(VersionLabel::clause_before)) + "</th><th>" +
           esc(version_label(VersionLabel::clause_now)) + "</th></tr></thead>\n<tbody>\n";
    for (const VersionRegression& g : p.regressions) {
      out += fmt::format(
          "<tr><td>{}</td><td>{} <span class=\"muted\">{}</span></td><td>{} → "
          "{}</td><td>{}</td><td>{}</td></tr>\n",
          esc(g.id), esc(g.title), esc(severity_label(g.severity)), badge(g.before.status),
          badge(g.after.status), clause(g.before.clause, g.before.text),
          clause(g.after.clause, g.after.text));
    }
    out += "</tbody>\n</table>\n";
  }
  if (!p.risks.empty()) {
    out += "<ul class=\"risk-changes\">\n";
    for (const core::RiskChange& r : p.risks) {
      out += fmt::format(
          "<li class=\"{}\">{}: {} {} — {}</li>\n", r.added ? "added" : "removed",
          esc(version_label(r.added ? VersionLabel::risk_added : VersionLabel::risk_removed)),
          esc(r.id), esc(r.message), clause(r.evidence.clause, r.evidence.text));
    }
    out += "</ul>\n";
  }
  return out;
}

// `back` is where "back to the list" leads ("" for a report of one contract: no link).
std::string contract_section(const ContractReport& c, size_t number, const std::string& back) {
  const bool with_back_link = !back.empty();
  std::string out;
  out += fmt::format("<section class=\"contract{}\" id=\"c-{}\">\n", with_back_link ? "" : " only", number);
  const std::string title = c.title.empty() ? c.path : c.title;
  out += fmt::format("<h2>{}{}</h2>\n", with_back_link ? fmt::format("{}. ", number) : "", esc(title));
  out += "<p class=\"path\">" + esc(c.path) + "</p>\n";
  if (c.failed) {
    out += "<p class=\"error\"><span class=\"label\">" + esc(tr("読込失敗", "could not be read")) + "</span>" +
           esc(c.error) + "</p>\n";
    if (with_back_link) {
      out += "<p class=\"back\"><a href=\"" + esc(back) + "\">" +
             esc(tr("一覧へ戻る", "back to the list")) + "</a></p>\n";
    }
    out += "</section>\n";
    return out;
  }
  out += "<dl class=\"facts\">\n";
  auto fact = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) {
      out += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>\n";
    }
  };
  fact(tr("種別", "kinds"), kinds_text(c));
  if (!c.body_term.empty() || !c.vendor_term.empty()) {
    fact(tr("当事者", "parties"), (c.body_term.empty() ? "?" : c.body_term) + " / " +
                                      (c.vendor_term.empty() ? "?" : c.vendor_term));
  }
  std::string vendor = c.vendor;
  if (!c.vendor_status.empty()) {
    vendor += "（" + tr("事業者の確認状況: ", "vendor status: ") + c.vendor_status +
              (c.vendor_status_reason.empty() ? "" : " — " + c.vendor_status_reason) + "）";
  }
  fact(tr("受託者", "vendor"), vendor);
  fact(tr("審査日時", "reviewed at"), c.reviewed_at);
  fact(tr("条項数 / 文字数", "clauses / characters"), fmt::format("{} / {}", c.clauses, c.characters));
  if (c.revisions > 0 || c.comments > 0) {
    fact(tr("変更履歴 / コメント", "revisions / comments"), fmt::format("{} / {}", c.revisions, c.comments));
  }
  fact("SHA-256", c.sha256);
  out += "</dl>\n<p>" + counts_badges(c.summary) + "</p>\n";
  out += previous_version_section(c);

  if (!c.file_risks.empty()) {
    out += "<h3>" + esc(tr("ファイルのリスク", "File risks")) + "</h3>\n<table>\n<thead><tr><th>ID</th><th>" +
           esc(tr("重大度", "severity")) + "</th><th>" + esc(tr("内容", "what")) + "</th><th>" +
           esc(tr("詳細", "detail")) + "</th></tr></thead>\n<tbody>\n";
    for (const FileRiskLine& r : c.file_risks) {
      out += "<tr><td>" + esc(r.id) + "</td><td>" + esc(risk_level_label(r.severity)) +
             "</td><td>" + esc(r.message) + "</td><td>" + esc(r.detail) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }

  out += "<h3>" + esc(tr("要件ごとの判定", "Verdicts")) + "</h3>\n<table class=\"verdicts\">\n<thead><tr><th>ID</th><th>" +
         esc(tr("要件", "requirement")) + "</th><th>" + esc(tr("区分", "family")) + "</th><th>" +
         esc(tr("重要度", "severity")) + "</th><th>" + esc(tr("判定", "verdict")) + "</th><th>" +
         esc(tr("条項", "clause")) + "</th></tr></thead>\n<tbody>\n";
  for (const Verdict& v : c.verdicts) {
    std::string where;
    for (const core::Evidence& e : v.evidence) {
      where += (where.empty() ? "" : ", ") + e.clause;
    }
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>\n",
                       esc(v.requirement.id), esc(v.requirement.title), esc(family_label(v.requirement.family)),
                       esc(severity_label(v.requirement.severity)), badge(v.status),
                       v.waived ? " <span class=\"muted\">" + esc(tr("例外承認", "waived")) + "</span>" : "",
                       esc(where));
  }
  out += "</tbody>\n</table>\n";

  bool any = false;
  for (const Verdict& v : c.verdicts) {
    if (v.status != core::Status::weak && v.status != core::Status::contradicted &&
        v.status != core::Status::missing) {
      continue;
    }
    if (!any) {
      out += "<h3>" + esc(tr("指摘事項", "Findings")) + "</h3>\n";
      any = true;
    }
    out += fmt::format("<article class=\"finding {}\">\n<h4>{} {} <span class=\"muted\">[{}] {}</span></h4>\n",
                       status_class(v.status), badge(v.status), esc(v.requirement.title), esc(v.requirement.id),
                       esc(severity_label(v.requirement.severity)));
    for (const core::Evidence& e : v.evidence) {
      out += evidence_quote(e);
    }
    if (v.evidence.empty()) {
      out += "<p class=\"muted\">" + esc(tr("該当する条項は見つかりませんでした", "no clause addresses it")) + "</p>\n";
    }
    if (!v.reason.empty()) {
      out += "<p><span class=\"label\">" + esc(tr("理由", "reason")) + "</span>" + esc(v.reason) + "</p>\n";
    }
    if (v.waived) {
      out += "<p><span class=\"label\">" + esc(tr("例外承認", "waived")) + "</span>" +
             esc(waiver_note(v.waived)) + "</p>\n";
    }
    if (!v.basis.empty()) {
      out += "<p class=\"muted\"><span class=\"label\">" + esc(tr("根拠", "basis")) + "</span>" +
             esc(str::join(v.basis, "; ")) + "</p>\n";
    }
    if (!v.suggestion.empty()) {
      out += "<div class=\"suggest\"><span class=\"label\">" + esc(tr("追加・修正案", "suggested clause")) +
             "</span><p>" + esc(v.suggestion) + "</p></div>\n";
    }
    out += "</article>\n";
  }

  bool any_ok = false;
  for (const Verdict& v : c.verdicts) {
    if (v.status != core::Status::satisfied || v.evidence.empty()) {
      continue;
    }
    if (!any_ok) {
      out += "<h3>" + esc(tr("充足の根拠", "Where the satisfied requirements are met")) + "</h3>\n";
      any_ok = true;
    }
    out += fmt::format("<h4>{} {} <span class=\"muted\">[{}]</span></h4>\n", badge(v.status),
                       esc(v.requirement.title), esc(v.requirement.id));
    out += evidence_quote(v.evidence.front());
  }

  if (!c.risks.empty()) {
    out += "<h3>" + esc(tr("注意すべき条項 (RISK)", "Risk clauses (RISK)")) + "</h3>\n";
    for (const core::RiskFinding& k : c.risks) {
      out += fmt::format("<article class=\"finding st-contradicted\">\n<h4>{} <span class=\"muted\">[{}]</span></h4>\n",
                         esc(k.message), esc(k.id));
      out += evidence_quote(k.evidence);
      out += "</article>\n";
    }
  }
  if (!c.revision_lines.empty()) {
    out += "<h3>" + esc(tr("判定を下げる変更履歴", "Tracked changes that lower a verdict")) + "</h3>\n<ul>\n";
    for (const RevisionLine& l : c.revision_lines) {
      out += "<li>" + esc(l.text) + " <span class=\"muted\">[" + esc(l.id) + "]</span></li>\n";
    }
    out += "</ul>\n";
  }
  if (with_back_link) {
    out += "<p class=\"back\"><a href=\"" + esc(back) + "\">" +
           esc(tr("一覧へ戻る", "back to the list")) + "</a></p>\n";
  }
  out += "</section>\n";
  return out;
}

// What the matrix shows above its rows: the number of contracts, how many could not be read, the
// counts over all of them, and the requirement columns. Gathered in one pass over the contracts.
struct Overview {
  std::vector<Column> columns;
  size_t count = 0;
  size_t failed = 0;
  Summary total;
  std::string first_title;  ///< of the first contract, for a report of one
};

std::string matrix_head(const Overview& o) {
  std::string out;
  out += fmt::format(
      "<p>{} {}{} · {}</p>\n", esc(tr("契約書", "contracts")), o.count,
      o.failed > 0 ? fmt::format("（{} {}）", esc(tr("読込失敗", "could not be read")), o.failed)
                   : "",
      counts_badges(o.total));
  out += "<p class=\"legend muted\">";
  for (core::Status s : {core::Status::satisfied, core::Status::weak, core::Status::contradicted,
                         core::Status::missing, core::Status::not_applicable}) {
    out += fmt::format("<span><span class=\"badge {}\">{}</span> {}</span>", status_class(s), status_mark(s),
                       esc(status_label(s)));
  }
  out += "<span>" + esc(tr("空欄: その種別の契約として審査していない", "blank: not reviewed as that kind")) +
         "</span></p>\n";
  // On paper the requirements are named by id in one cell per contract: what each id is.
  out += "<p class=\"idkey\">";
  for (const Column& col : o.columns) {
    out += "<span><b>" + esc(col.id) + "</b> " + esc(col.title) + "</span>";
  }
  out += "</p>\n";
  out += "<div class=\"controls\"><input id=\"q\" type=\"search\" placeholder=\"" +
         esc(tr("絞り込み（ファイル名・件名・受託者）", "filter (file, title, vendor)")) + "\">";
  out += "<select id=\"only\"><option value=\"\">" + esc(tr("すべて", "all contracts")) + "</option>";
  for (const auto& [value, ja, en] : {std::tuple{"contradicted", "矛盾あり", "with a contradiction"},
                                      std::tuple{"missing", "欠落あり", "with a missing term"},
                                      std::tuple{"weak", "不十分あり", "with a weak term"},
                                      std::tuple{"risk", "ファイルのリスクあり", "with file risks"},
                                      std::tuple{"failed", "読込失敗", "could not be read"}}) {
    out += fmt::format("<option value=\"{}\">{}</option>", value, esc(tr(ja, en)));
  }
  out += fmt::format(
      "</select><span class=\"muted\"><span id=\"shown\">{}</span> / {} {}</span></div>\n", o.count,
      o.count, esc(tr("件を表示", "shown")));

  out += "<div class=\"matrix-wrap\">\n<table id=\"matrix\">\n<thead><tr>";
  out += "<th class=\"no\" data-type=\"num\">#</th><th class=\"title\" data-type=\"text\">" +
         esc(tr("契約書", "contract")) + "</th>";
  out += "<th class=\"vendor\" data-type=\"text\">" + esc(tr("受託者", "vendor")) + "</th>";
  out += "<th class=\"vstatus\" data-type=\"text\">" + esc(tr("確認状況", "vendor status")) + "</th>";
  for (core::Status s : {core::Status::contradicted, core::Status::missing, core::Status::weak}) {
    out += "<th class=\"cnt\" data-type=\"num\">" + esc(status_label(s)) + "</th>";
  }
  // Printed instead of the requirement columns (one contract per row on A4): the requirements to
  // act on, by verdict.
  out += "<th class=\"todo\" data-type=\"text\">" + esc(tr("対応が必要な要件", "requirements to act on")) + "</th>";
  for (const Column& col : o.columns) {
    out += fmt::format("<th class=\"r\" data-type=\"num\" title=\"{}\">{}</th>",
                       esc(col.title + " (" + severity_label(col.severity) + ")"), esc(col.id));
  }
  out += "</tr></thead>\n<tbody>\n";
  return out;
}

// The requirements a contract must act on, by verdict (矛盾, 欠落, 不十分), in column order:
// what the printed matrix shows in one cell instead of a column per requirement.
std::string to_act_on(const ContractReport& c) {
  std::string out;
  for (core::Status s : {core::Status::contradicted, core::Status::missing, core::Status::weak}) {
    std::string ids;
    for (const Verdict& v : c.verdicts) {
      if (v.status != s) {
        continue;
      }
      ids += (ids.empty() ? "" : tr("、", ", ")) + esc(v.requirement.id) +
             (v.waived ? esc(tr("（例外承認）", " (waived)")) : "");
    }
    if (!ids.empty()) {
      out += (out.empty() ? "" : "<br>") +
             fmt::format("<span class=\"badge {}\">{}</span>", status_class(s), esc(status_label(s))) + ids;
    }
  }
  return out;
}

// One row of the matrix; `href` leads to the contract's details.
std::string matrix_row(const ContractReport& c,
                       size_t number,
                       const std::vector<Column>& columns,
                       const std::string& href) {
  std::string out;
  std::map<std::string, const Verdict*> by_id;
  for (const Verdict& v : c.verdicts) {
    by_id[v.requirement.id] = &v;
  }
  std::string has;
  if (c.failed) {
    has = "failed";
  } else {
    if (c.summary.contradicted > 0) {
      has += " contradicted";
    }
    if (c.summary.missing > 0) {
      has += " missing";
    }
    if (c.summary.weak > 0) {
      has += " weak";
    }
    if (!c.file_risks.empty()) {
      has += " risk";
    }
  }
  const std::string title = c.title.empty() ? c.path : c.title;
  out += fmt::format("<tr data-text=\"{}\" data-has=\"{}\"{}>",
                     esc(str::to_lower_ascii(c.path + " " + title + " " + c.vendor)),
                     esc(std::string(str::trim(has))), c.failed ? " class=\"failed\"" : "");
  out += fmt::format("<td class=\"n\">{}</td>", number);
  out +=
      fmt::format("<td data-v=\"{}\"><a href=\"{}\">{}</a><br><span class=\"path\">{}</span></td>",
                  esc(title), esc(href), esc(title), esc(c.path));
  out += "<td>" + esc(c.vendor) + "</td><td>" + esc(c.vendor_status) + "</td>";
  if (c.failed) {
    // The error across the requirement columns on screen, in the cell that replaces them on paper
    // (a cell spanning both would add columns to the printed table).
    out += fmt::format("<td colspan=\"3\"></td><td class=\"todo\">{0}</td><td class=\"m\" colspan=\"{1}\">{0}</td>",
                       esc(c.error), std::max<size_t>(columns.size(), 1));
    out += "</tr>\n";
    return out;
  }
  out += fmt::format("<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                     c.summary.contradicted, c.summary.missing, c.summary.weak);
  out += "<td class=\"todo\">" + to_act_on(c) + "</td>";
  for (const Column& col : columns) {
    const auto it = by_id.find(col.id);
    if (it == by_id.end()) {
      out += "<td class=\"m\" data-v=\"-1\"></td>";
      continue;
    }
    const Verdict& v = *it->second;
    out += fmt::format("<td class=\"m {}\" data-v=\"{}\" title=\"{}\">{}</td>",
                       status_class(v.status), status_rank(v.status),
                       esc(col.id + " " + col.title + ": " + status_label(v.status)),
                       status_mark(v.status));
  }
  out += "</tr>\n";
  return out;
}

constexpr const char* k_matrix_tail = "</tbody>\n</table>\n</div>\n";

Expected<Overview> overview(ContractSource& contracts) {
  Overview o;
  std::set<std::string> seen;
  const Status st = contracts.for_each([&](const ContractReport& c) -> Status {
    if (o.count++ == 0) {
      o.first_title = c.title.empty() ? c.path : c.title;
    }
    if (c.failed) {
      ++o.failed;
    } else {
      o.total.must += c.summary.must;
      o.total.satisfied += c.summary.satisfied;
      o.total.weak += c.summary.weak;
      o.total.contradicted += c.summary.contradicted;
      o.total.missing += c.summary.missing;
    }
    for (const Verdict& v : c.verdicts) {
      if (seen.insert(v.requirement.id).second) {
        o.columns.push_back(v.requirement);
      }
    }
    return {};
  });
  if (!st) {
    return st.error();
  }
  sort_columns(o.columns);
  return o;
}

std::string page_head(const std::string& title,
                      bool landscape,
                      const std::string& generated_at,
                      const std::string& anchor,
                      const std::string& back) {
  std::string out = head(title, landscape);
  out += "<header>\n<h1>" + esc(title) + "</h1>\n<p class=\"meta\">" +
         esc(tr("情報セキュリティポリシーが求める契約条項の審査（keiyaku）",
                "Security terms required by the information security policy (keiyaku)"));
  if (!generated_at.empty()) {
    out += " · " + esc(tr("作成 ", "generated ") + generated_at);
  }
  if (!anchor.empty()) {
    out += " · " + esc(tr("台帳の履歴の先頭 ", "registry history head ")) + "<code>" + esc(anchor) + "</code>";
  }
  out += "</p>\n";
  if (!back.empty()) {
    out += "<p class=\"back\"><a href=\"" + esc(back) + "\">" +
           esc(tr("一覧へ戻る", "back to the list")) + "</a></p>\n";
  }
  out += "</header>\n";
  return out;
}

constexpr const char* k_page_tail = "</body>\n</html>\n";

// A page of a paged report may replace only an earlier page keiyaku wrote.
Status check_html_page(const std::string& page) {
  if (!file::exists(page)) {
    return {};
  }
  if (file::replaced_atomically(page)) {
    auto head = file::read_head(page, 2048);
    if (head && head->find("<meta name=\"generator\" content=\"keiyaku\">") != std::string::npos) {
      return {};
    }
  }
  return Error(ErrorCode::conflict, page + ": " +
                                        tr("報告書の分冊の書き出し先に keiyaku "
                                           "の報告書ではないファイルがあるため上書きしません（移動"
                                           "するか、別の -o を指定してください）",
                                           "is not a report page written by keiyaku and is not "
                                           "overwritten (move it or choose another -o)"));
}

std::string base_name(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The contracts of a report in one stream, or (paged) the matrix in the index and the details
// of each run of k_contracts_per_page contracts in a page of its own beside it.
Status write_html_to(ContractSource& contracts,
                     const Book& header,
                     const std::function<Status(std::string_view)>& out,
                     const std::string& index_path,
                     bool paged) {
  auto o = overview(contracts);
  if (!o) {
    return o.error();
  }
  const bool single = o->count == 1;
  const std::string title = single ? tr("契約書審査結果: ", "Contract review: ") + o->first_title
                                   : tr("契約書審査結果一覧", "Contract reviews");
  if (auto st = out(page_head(title, !single, header.generated_at, header.anchor, "")); !st) {
    return st;
  }
  if (o->count == 0) {
    if (auto st = out("<p>" + esc(tr("審査結果がありません", "no reviews")) + "</p>\n"); !st) {
      return st;
    }
    return out(k_page_tail);
  }
  if (single) {
    Status st = contracts.for_each(
        [&](const ContractReport& c) { return out(contract_section(c, 1, "")); });
    return st ? out(k_page_tail) : st;
  }
  paged = paged && o->count > k_contracts_per_page;
  const size_t pages = (o->count + k_contracts_per_page - 1) / k_contracts_per_page;
  if (paged) {
    // Checked before any page is written: a page never lands on a file keiyaku did not write.
    for (size_t p = 1; p <= pages; ++p) {
      if (auto st = check_html_page(html_page_path(index_path, p)); !st) {
        return st;
      }
    }
  }
  if (auto st = out(matrix_head(*o)); !st) {
    return st;
  }
  const std::string index_name = base_name(index_path);
  std::optional<file::OutputStream> page;
  size_t number = 0;
  Status rows = contracts.for_each([&](const ContractReport& c) -> Status {
    ++number;
    if (!paged) {
      return out(matrix_row(c, number, o->columns, fmt::format("#c-{}", number)));
    }
    const size_t page_no = (number - 1) / k_contracts_per_page + 1;
    const std::string page_path = html_page_path(index_path, page_no);
    if ((number - 1) % k_contracts_per_page == 0) {
      if (page) {
        if (auto st = page->write(k_page_tail); !st) {
          return st;
        }
        if (auto st = page->commit(); !st) {
          return st;
        }
      }
      auto opened = file::OutputStream::open(page_path);
      if (!opened) {
        return opened.error();
      }
      page.emplace(std::move(*opened));
      const size_t last = std::min(o->count, page_no * k_contracts_per_page);
      const std::string page_title =
          fmt::format("{} {}–{} / {}（{}/{}）", tr("契約書審査結果", "Contract reviews"), number,
                      last, o->count, page_no, pages);
      if (auto st = page->write(page_head(page_title, false, header.generated_at, header.anchor, index_name + "#top"));
          !st) {
        return st;
      }
    }
    if (auto st = page->write(contract_section(c, number, index_name + "#top")); !st) {
      return st;
    }
    return out(
        matrix_row(c, number, o->columns, fmt::format("{}#c-{}", base_name(page_path), number)));
  });
  if (!rows) {
    return rows;
  }
  if (page) {
    if (auto st = page->write(k_page_tail); !st) {
      return st;
    }
    if (auto st = page->commit(); !st) {
      return st;
    }
  }
  if (auto st = out(k_matrix_tail); !st) {
    return st;
  }
  if (paged) {
    std::string list =
        "<p class=\"pages\">" + esc(tr("各契約書の詳細: ", "details of each contract: "));
    for (size_t p = 1; p <= pages; ++p) {
      list +=
          fmt::format("<a href=\"{}\">{}</a> ", esc(base_name(html_page_path(index_path, p))), p);
    }
    if (auto st = out(list + "</p>\n"); !st) {
      return st;
    }
  } else {
    number = 0;
    Status details = contracts.for_each(
        [&](const ContractReport& c) { return out(contract_section(c, ++number, "#top")); });
    if (!details) {
      return details;
    }
  }
  if (auto st = out("<script>" + std::string(k_script) + "</script>\n"); !st) {
    return st;
  }
  return out(k_page_tail);
}

}  // namespace

std::string html(const Book& book) {
  BookSource source(book);
  std::string page;
  const Status st = write_html_to(
      source, book,
      [&](std::string_view piece) {
        page.append(piece);
        return Status{};
      },
      "", false);
  (void)st;  // appending to a string does not fail
  return page;
}

std::string html_page_path(const std::string& path, size_t page) {
  const size_t slash = path.rfind('/');
  const size_t dot = path.rfind('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  const std::string stem = has_ext ? path.substr(0, dot) : path;
  const std::string ext = has_ext ? path.substr(dot) : std::string(".html");
  return fmt::format("{}-{:03}{}", stem, page, ext);
}

Status write_html(ContractSource& contracts,
                  const Book& header,
                  const std::string& path) {
  const std::string target = path.empty() ? std::string("-") : path;
  // Pages beside the index only for a regular file (a pipe or stdout gets one stream).
  const bool paged = target != "-" && file::replaced_atomically(target);
  auto out = file::OutputStream::open(target);
  if (!out) {
    return out.error();
  }
  if (auto st = write_html_to(
          contracts, header, [&](std::string_view piece) { return out->write(piece); },
          target, paged);
      !st) {
    return st;
  }
  return out->commit();
}

}  // namespace keiyaku::report
