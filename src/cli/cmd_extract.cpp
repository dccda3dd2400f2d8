// keiyaku extract FILE...: the document as keiyaku reads it (review::read_document: DOCX, PDF or
// plain text), unnormalised.
#include "command.hpp"
#include "input_limit.hpp"

#include <CLI/CLI.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <review/review.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace keiyaku::cli {

namespace {

using nlohmann::ordered_json;

// One line per block: line breaks inside a paragraph are shown as ↵, other controls escaped.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\f') {
      out += "↵";
    } else if (c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return term::escape(out);
}

std::string where(const core::Block& b) {
  if (b.part == core::Part::textbox) {
    return tr("テキストボックス", "textbox");
  }
  if (b.in_table) {
    return tr("表", "table ") + std::to_string(b.table + 1) + tr(" ", " row ") +
           std::to_string(b.row + 1) + tr("行", "") + tr(" ", " col ") + std::to_string(b.col + 1) +
           tr("列", "");
  }
  return {};
}

ordered_json side_json(const std::vector<core::SideText>& list, bool with_author) {
  ordered_json arr = ordered_json::array();
  for (const core::SideText& s : list) {
    ordered_json j;
    j["id"] = s.id;
    if (with_author) {
      j["author"] = s.author;
      j["date"] = s.date;
    }
    j["part"] = core::part_name(s.part);
    j["anchor"] = s.anchor;
    j["text"] = s.text;
    arr.push_back(std::move(j));
  }
  return arr;
}

ordered_json risks_json(const std::vector<core::FileRisk>& risks) {
  ordered_json arr = ordered_json::array();
  for (const core::FileRisk& r : risks) {
    arr.push_back(ordered_json{{"id", r.id},
                               {"severity", core::risk_severity_name(r.severity)},
                               {"message", r.message},
                               {"detail", r.detail}});
  }
  return arr;
}

ordered_json to_json(const core::Document& d) {
  ordered_json j;
  j["format_version"] = 1;
  j["file"] = d.path;
  j["sha256"] = d.sha256;
  j["title"] = d.title;
  j["content_type"] = d.content_type;
  ordered_json blocks = ordered_json::array();
  for (const core::Block& b : d.blocks) {
    blocks.push_back(ordered_json{{"paragraph", b.paragraph},
                                  {"label", b.label},
                                  {"text", b.text},
                                  {"style", b.style},
                                  {"outline_level", b.outline_level},
                                  {"in_table", b.in_table},
                                  {"part", core::part_name(b.part)},
                                  {"table", b.table},
                                  {"row", b.row},
                                  {"col", b.col},
                                  {"depth", b.depth},
                                  {"list_level", b.list_level},
                                  {"list_value", b.list_value},
                                  {"tracked_insert", b.tracked_insert}});
  }
  j["blocks"] = std::move(blocks);
  const core::Revisions& r = d.revisions;
  j["revisions"] = ordered_json{{"insertions", r.insertions}, {"deletions", r.deletions},
                                {"moves", r.moves},           {"formatting", r.formatting},
                                {"total", r.total()},         {"authors", r.authors}};
  j["comments"] = side_json(d.comments, true);
  j["footnotes"] = side_json(d.footnotes, false);
  j["endnotes"] = side_json(d.endnotes, false);
  j["headers"] = side_json(d.headers, false);
  j["hidden_text"] = d.hidden_text;
  j["file_risks"] = risks_json(d.file_risks);
  return j;
}

void print_side(const char* title_ja,
                const char* title_en,
                const std::vector<core::SideText>& list) {
  if (list.empty()) {
    return;
  }
  std::printf("-- %s\n", tr(title_ja, title_en).c_str());
  for (const core::SideText& s : list) {
    std::string head = s.id;
    if (s.part == core::Part::header || s.part == core::Part::footer) {
      head += std::string(" [") + core::part_name(s.part) + "]";
    }
    if (!s.author.empty()) {
      head += " " + s.author;
    }
    if (!s.date.empty()) {
      head += " " + s.date;
    }
    if (s.anchor >= 0) {
      head += " (¶" + std::to_string(s.anchor) + ")";
    }
    std::printf("  %s: %s\n", head.c_str(), one_line(s.text).c_str());
  }
}

void print_text(const core::Document& d) {
  std::printf("== %s\n", term::escape(d.path).c_str());
  if (!d.title.empty()) {
    std::printf("%s %s\n", tr("表題:", "title:").c_str(), one_line(d.title).c_str());
  }
  for (const core::Block& b : d.blocks) {
    std::string line = std::to_string(b.paragraph);
    if (line.size() < 5) {
      line.insert(0, 5 - line.size(), ' ');
    }
    line += "  ";
    const std::string w = where(b);
    if (!w.empty()) {
      line += "[" + w + "] ";
    }
    if (!b.label.empty()) {
      line += "«" + b.label + "» ";
    }
    line += one_line(b.text);
    std::printf("%s\n", line.c_str());
  }
  const core::Revisions& r = d.revisions;
  if (r.total() > 0) {
    std::printf("-- %s %d (%s %d, %s %d, %s %d, %s %d)%s\n",
                tr("未承認の変更履歴:", "unaccepted revisions:").c_str(), r.total(),
                tr("挿入", "insertions").c_str(), r.insertions, tr("削除", "deletions").c_str(),
                r.deletions, tr("移動", "moves").c_str(), r.moves, tr("書式", "formatting").c_str(),
                r.formatting,
                r.authors.empty()
                    ? ""
                    : (" " + tr("作成者: ", "authors: ") + str::join(r.authors, ", ")).c_str());
  }
  print_side("コメント", "comments", d.comments);
  print_side("脚注", "footnotes", d.footnotes);
  print_side("文末脚注", "endnotes", d.endnotes);
  print_side("ヘッダー・フッター", "headers and footers", d.headers);
  if (!d.hidden_text.empty()) {
    std::printf("-- %s\n",
                tr("隠し文字（本文から除外）", "hidden text (kept out of the body)").c_str());
    for (const std::string& h : d.hidden_text) {
      std::printf("  %s\n", one_line(h).c_str());
    }
  }
  if (!d.file_risks.empty()) {
    std::printf("-- %s\n", tr("ファイルのリスク", "file risks").c_str());
    for (const core::FileRisk& fr : d.file_risks) {
      std::printf("  %s [%s] %s%s\n", fr.id.c_str(), core::risk_severity_name(fr.severity),
                  one_line(fr.message).c_str(),
                  fr.detail.empty() ? "" : (" — " + one_line(fr.detail)).c_str());
    }
  }
}

}  // namespace

int cmd_extract(const Args& args) {
  CLI::App app(
      tr("keiyaku が読んだとおりの文書を表示する（段落番号・自動番号・表・テキストボックス、"
         "脚注・コメント・ヘッダー、変更履歴、ファイルのリスク）",
         "show the document as keiyaku reads it: paragraph indices, auto-numbering labels, tables, "
         "text boxes, notes, comments, headers, revisions and file risks"),
      args[0]);
  std::vector<std::string> files;
  std::string format = "text";
  std::string revisions = "accepted";
  app.add_option("FILE", files, tr("読むファイル（.docx・.pdf・.txt、複数可）", "files to read (.docx, .pdf, .txt)"))->required();
  app.add_option("--format", format, "text|json")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--revisions", revisions,
                 tr("変更履歴の表示: accepted（承認後、既定）| original（変更前）",
                    "tracked changes: accepted (default) | original"))
      ->check(CLI::IsMember({"accepted", "original"}));
  size_t input_limit = core::k_default_input_limit;
  add_input_limit(app, input_limit);
  app.footer(
      tr("段落番号（¶）は scan の根拠が示す番号と同じです。«…» は自動番号、↵ は段落内の改行です。\n"
         "終了コード: 0 すべて読めた / 2 読めないファイルがあった（他のファイルは表示します）",
         "Paragraph indices are the ones scan cites as evidence. «…» is an auto-number label, ↵ a "
         "line "
         "break inside a paragraph.\nExit status: 0 all files read / 2 some file could not be read "
         "(the "
         "others are still shown)"));
  if (const int rc = parse(app, args); rc >= 0) {
    return rc;
  }
  review::Options options;
  options.original_revisions = revisions == "original";
  options.input_limit = input_limit;
  int status = static_cast<int>(ExitCode::ok);
  ordered_json all = ordered_json::array();
  for (const std::string& f : files) {
    auto doc = review::read_document(f, options);
    if (!doc) {
      status = std::max(status, fail(doc.error()));
      continue;
    }
    if (format == "json") {
      all.push_back(to_json(*doc));
    } else {
      print_text(*doc);
    }
  }
  if (format == "json" && !all.empty()) {
    const ordered_json& out = files.size() == 1 ? all.front() : all;
    std::printf("%s\n", out.dump(2).c_str());
  }
  return status;
}

}  // namespace keiyaku::cli
