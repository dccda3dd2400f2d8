#pragma once

// Surface anchors of terms: what a sentence must contain, written as it is, for a term to be found
// in its lemmas. The matcher tokenises only the sentences that contain an anchor of a term their
// text does not already show (docs/performance.md, "Tokenise only what the terms need").

#include <core/token.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::match {

/// Every surface form of the IPAdic conjugating word (動詞, 形容詞, 助動詞) whose base form is
/// `lemma`: 従う → 従い, 従う, 従え, 従お, 従っ, 従わ; 報告する → 報告さ, 報告し, …, 報告する, …;
/// 求める → 求め, 求めよ, 求める, …. Empty for an ending IPAdic does not have. Checked against every
/// conjugating entry of the dictionary's source by tests/unit/match/anchors_test.cpp.
std::vector<std::string> surface_forms(std::string_view lemma);

/// The lemma string lemma_string() builds for one token (particle compounds in their dictionary
/// form: に従って → に従う).
std::string_view token_lemma(const core::Token& token);

/// What a sentence must show, written as it is, wherever a term whose folded spelling tokenises to
/// `tokens` occurs in the sentence's lemma string: every run of the term's words, each run as one
/// of its alternatives (the product of its words' surface forms: しないこと for 「するないこと」,
/// 知り得 for 「知る得る」). No runs: the term has no certain part, and every sentence may hold it.
using Run = std::vector<std::string>;
std::vector<Run> term_anchors(const std::vector<core::Token>& tokens);

}  // namespace keiyaku::match
