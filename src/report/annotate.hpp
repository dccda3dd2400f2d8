#pragma once

#include <base/expected.hpp>
#include <docx/annotate.hpp>
#include <review/review.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::report {

/// The Word comments keiyaku adds to a reviewed contract: one on the clause of each weak or
/// contradicted verdict (the paragraph of its first evidence) and of each RISK clause, and one per
/// missing requirement on the 情報セキュリティ特記事項 heading (else the contract's title) carrying
/// the suggested clause. In the UI language. Paragraphs that did not come from the main part (an
/// embedded altChunk document) borrow the nearest paragraph before them that did.
std::vector<docx::Comment> annotation_comments(const review::ReviewResult& result);

/// The paragraph (core::Block::paragraph) that comments on missing requirements are put on: the
/// 特記事項 heading, else the first paragraph with text; -1 when the document has no paragraph
/// from its main part.
int missing_anchor(const core::Document& document);

/// `original`, the bytes the review read, with annotation_comments() and `extra` (scan --revisions:
/// one on each revision that lowers a verdict) added (author 「keiyaku」), written atomically to
/// `out_path`. `date` is the comments' w:date ("" for none); the parts read are held to
/// `input_limit` as the review's were.
Status write_annotated(const review::ReviewResult& result,
                       std::string_view original,
                       const std::string& out_path,
                       const std::string& date,
                       const std::vector<docx::Comment>& extra = {},
                       size_t input_limit = core::k_default_input_limit);

}  // namespace keiyaku::report
