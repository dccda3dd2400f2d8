#include "annotate.hpp"

#include "report.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>

namespace keiyaku::report {

namespace {

// The main-part paragraph of block `index`, or of the nearest block before it that has one.
int source_of(const core::Document& doc, int index) {
  for (int i = std::min(index, static_cast<int>(doc.blocks.size()) - 1); i >= 0; --i) {
    const int s = doc.blocks[static_cast<size_t>(i)].source_paragraph;
    if (s >= 0) {
      return s;
    }
  }
  for (const core::Block& b : doc.blocks) {
    if (b.source_paragraph >= 0) {
      return b.source_paragraph;
    }
  }
  return -1;
}

std::string heading(core::Status status, const std::string& id, const std::string& title) {
  return "【" + status_label(status) + "】" + id + " " + title;
}

}  // namespace

int missing_anchor(const core::Document& doc) {
  int title = -1;
  int tokki = -1;
  for (const core::Block& b : doc.blocks) {
    if (b.source_paragraph < 0 || b.part != core::Part::body) {
      continue;
    }
    const std::string_view t = str::trim(b.text);
    if (t.empty()) {
      continue;
    }
    if (title < 0) {
      title = b.paragraph;
    }
    // A heading, not a sentence that mentions the 特記事項: short and without a full stop.
    if (str::contains(t, "特記事項") && str::cp_count(t) <= 40 && !str::contains(t, "。")) {
      if (str::contains(t, "セキュリティ")) {
        return b.paragraph;
      }
      if (tokki < 0) {
        tokki = b.paragraph;
      }
    }
  }
  return tokki >= 0 ? tokki : title;
}

std::vector<docx::Comment> annotation_comments(const review::ReviewResult& r) {
  std::vector<docx::Comment> out;
  const core::Document& doc = r.document;
  const int anchor = missing_anchor(doc);
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const core::Finding& f = r.findings[i];
    const core::RuleSpec& spec = *r.specs[i];
    if (f.status == core::Status::weak || f.status == core::Status::contradicted) {
      const int para = f.evidence.empty() ? anchor : f.evidence.front().paragraph;
      const int source = para >= 0 ? source_of(doc, para) : -1;
      if (source < 0) {
        continue;
      }
      std::string text = heading(f.status, f.id, spec.title);
      if (!f.reason.empty()) {
        text += "\n" + tr("理由: ", "reason: ") + f.reason;
      }
      if (!spec.basis.empty()) {
        text += "\n" + tr("根拠: ", "basis: ") + str::join(spec.basis, "; ");
      }
      if (!f.suggestion.empty()) {
        text += "\n" + tr("修正案: ", "suggested clause: ") + f.suggestion;
      }
      out.push_back({source, text});
    } else if (f.status == core::Status::missing) {
      const int source = anchor >= 0 ? source_of(doc, anchor) : -1;
      if (source < 0) {
        continue;
      }
      std::string text = heading(f.status, f.id, spec.title);
      text += "\n" + tr("この契約書には該当する条項がありません。", "No clause of this contract addresses it.");
      if (!spec.basis.empty()) {
        text += "\n" + tr("根拠: ", "basis: ") + str::join(spec.basis, "; ");
      }
      if (!f.suggestion.empty()) {
        text += "\n" + tr("追加する条項の案: ", "clause to add: ") + f.suggestion;
      }
      out.push_back({source, text});
    }
  }
  for (const core::RiskFinding& k : r.risks) {
    const int source = source_of(doc, k.evidence.paragraph);
    if (source < 0) {
      continue;
    }
    out.push_back({source, "【" + tr("注意", "risk") + "】" + k.id + " " + k.message});
  }
  return out;
}

Status write_annotated(const review::ReviewResult& result,
                       std::string_view original,
                       const std::string& out_path,
                       const std::string& date,
                       const std::vector<docx::Comment>& extra, size_t input_limit) {
  docx::AnnotateOptions options;
  options.limits.max_read_bytes = input_limit;
  options.author = "keiyaku";
  options.initials = "KY";
  options.date = date;
  std::vector<docx::Comment> comments = annotation_comments(result);
  comments.insert(comments.end(), extra.begin(), extra.end());
  auto bytes = docx::annotate(original, result.document.path, comments, options);
  if (!bytes) {
    return bytes.error();
  }
  return file::write_output(out_path, *bytes);
}

}  // namespace keiyaku::report
