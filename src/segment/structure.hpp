#pragma once

#include <core/clause.hpp>
#include <core/document.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::segment {

/// A block's normalised label and text, with the map from text bytes back to Block::text bytes.
struct NormBlock {
  std::string label;
  std::string text;
  std::vector<uint32_t> to_original;  ///< size text.size() + 1
};

/// Places every block in the contract's structure: 第N条 / 項 / 号, 仕様書 1. / (1) / ア, headings,
/// and annexes (別記 情報セキュリティ特記事項 with its own article numbers). `norm[i]` belongs to
/// `doc.blocks[i]`. Empty blocks produce no clause.
std::vector<core::Clause> split(const core::Document& doc, const std::vector<NormBlock>& norm);

/// Reads a number written in ASCII digits or kanji (十二, 二十一, 百) at the start of s;
/// returns -1 when there is none. `length` receives the bytes consumed.
int leading_number(std::string_view s, size_t& length);

/// Splits a clause text into sentences at 「。」 outside brackets; returns byte ranges.
std::vector<std::pair<uint32_t, uint32_t>> sentence_ranges(std::string_view text);

}  // namespace keiyaku::segment
