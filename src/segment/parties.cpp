#include "parties.hpp"

#include <base/strings.hpp>

#include <algorithm>

namespace keiyaku::segment {

namespace {

// CATALOG §2.1. Bare 市/町/村 are left out: they occur inside too many words.
const char* const k_body_words[] = {"甲", "発注者", "委託者", "本市", "当市", "本町", "当町", "本村",
                                    "本区", "本県", "本企業団", "企業団", "本組合", "議会", "市議会",
                                    "官側", "担当課", "所管課", "利用者", "お客様", "契約者", "ユーザー",
                                    "会員", "利用団体", "委託者側", "本団体"};
const char* const k_vendor_words[] = {"乙", "受注者", "受託者", "請負者", "委託事業者", "受託事業者",
                                      "契約の相手方", "事業者", "外部サービス提供者", "クラウド事業者",
                                      "サービス提供者", "提供者", "当社", "弊社", "受託業者", "委託業者",
                                      "請負人", "受任者", "提供事業者", "運営者"};
const char* const k_sub_words[] = {"再委託先", "再委託事業者", "再受託者", "下請負者", "下請負人",
                                   "下請", "外注先", "協力会社", "サブプロセッサ", "再々委託先"};

bool is_body_word(std::string_view w) {
  return std::any_of(std::begin(k_body_words), std::end(k_body_words),
                     [&](const char* b) { return w == b; });
}
bool is_vendor_word(std::string_view w) {
  return std::any_of(std::begin(k_vendor_words), std::end(k_vendor_words),
                     [&](const char* v) { return w == v; });
}

// Role of a defined party from the name it defines: 北浜市 -> body, 株式会社… -> vendor.
core::Actor role_of_name(std::string_view name) {
  for (const char* v : {"株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "(株)", "(有)",
                        "社団法人", "財団法人", "協同組合", "Inc", "LLC", "Ltd"}) {
    if (str::contains(name, v)) {
      return core::Actor::vendor;
    }
  }
  for (const char* b : {"市", "町", "村", "区", "県", "都", "府", "企業団", "組合", "議会", "広域連合",
                        "役場", "委員会"}) {
    if (str::ends_with(name, b) || str::contains(name, std::string(b) + "長")) {
      return core::Actor::body;
    }
  }
  return core::Actor::unknown;
}

void add_unique(std::vector<std::string>& v, const std::string& w) {
  if (!w.empty() && std::find(v.begin(), v.end(), w) == v.end()) {
    v.push_back(w);
  }
}

// The name that a definition 「…（以下「X」という。）」 refers to: the text before the parenthesis,
// back to the previous punctuation.
std::string antecedent(std::string_view s, size_t paren) {
  size_t start = paren;
  while (start > 0) {
    size_t prev = start - 1;
    while (prev > 0 && (static_cast<unsigned char>(s[prev]) & 0xC0U) == 0x80U) {
      --prev;
    }
    const std::string_view ch = s.substr(prev, start - prev);
    if (ch == "、" || ch == "。" || ch == ")" || ch == "」" || ch == " " || ch == "\n") {
      break;
    }
    start = prev;
  }
  std::string_view name = s.substr(start, paren - start);
  for (std::string_view lead : {"と", "及び", "並びに"}) {
    if (str::starts_with(name, lead)) {
      name.remove_prefix(lead.size());
    }
  }
  return std::string(name);
}

}  // namespace

Parties resolve_parties(const std::vector<std::string>& blocks) {
  Parties p;
  const size_t scan = std::min<size_t>(blocks.size(), 400);
  for (size_t b = 0; b < scan; ++b) {
    const std::string& s = blocks[b];
    // (以下「X」という。) / (以下単に「X」という。) / (以下、「X」という)
    size_t pos = 0;
    while ((pos = s.find("以下", pos)) != std::string::npos) {
      const size_t q1 = s.find("「", pos);
      if (q1 == std::string::npos || q1 > pos + 12) {
        pos += 6;
        continue;
      }
      const size_t q2 = s.find("」", q1);
      if (q2 == std::string::npos || q2 - q1 > 40) {
        pos += 6;
        continue;
      }
      const std::string term = s.substr(q1 + 3, q2 - q1 - 3);
      size_t paren = s.rfind('(', pos);
      const std::string name = paren != std::string::npos ? antecedent(s, paren) : std::string();
      core::Actor role = core::Actor::unknown;
      if (is_body_word(term)) {
        role = core::Actor::body;
      } else if (is_vendor_word(term)) {
        role = core::Actor::vendor;
      } else {
        role = role_of_name(name);
      }
      // Only short terms that name a party (not 本業務, 本契約, 個人情報 ...).
      if (role == core::Actor::body && p.body_term.empty() && str::cp_count(term) <= 6) {
        p.body_term = term;
        p.body_name = name;
      } else if (role == core::Actor::vendor && p.vendor_term.empty() && str::cp_count(term) <= 8) {
        p.vendor_term = term;
        p.vendor_name = name;
      }
      pos = q2;
    }
    // 「当社」とは、…  /  「利用者」とは、…
    pos = 0;
    while ((pos = s.find("」とは", pos)) != std::string::npos) {
      const size_t q1 = s.rfind("「", pos);
      if (q1 != std::string::npos && pos - q1 <= 24) {
        const std::string term = s.substr(q1 + 3, pos - q1 - 3);
        if (is_body_word(term) && p.body_term.empty()) {
          p.body_term = term;
        } else if (is_vendor_word(term) && p.vendor_term.empty()) {
          p.vendor_term = term;
        }
      }
      pos += 9;
    }
  }
  add_unique(p.body, p.body_term);
  add_unique(p.vendor, p.vendor_term);
  for (const char* w : k_body_words) {
    // 利用者/契約者 name the body only in vendor terms; elsewhere they may be residents.
    const std::string_view sw(w);
    if ((sw == "利用者" || sw == "契約者" || sw == "会員" || sw == "ユーザー") &&
        p.vendor_term != "当社" && p.body_term != sw) {
      continue;
    }
    if (sw == "事業者" && p.vendor_term != "事業者") {
      continue;
    }
    add_unique(p.body, w);
  }
  for (const char* w : k_vendor_words) {
    const std::string_view sw(w);
    if (sw == "事業者" && p.vendor_term != "事業者") {
      continue;
    }
    add_unique(p.vendor, w);
  }
  for (const char* w : k_sub_words) {
    add_unique(p.sub, w);
  }
  // No definition: the name the contract uses most as a subject (「本市は」「受託者は」).
  auto most_used = [&](const std::vector<std::string>& names) {
    std::string best;
    int best_n = 1;
    for (const std::string& n : names) {
      int count = 0;
      const std::string topic = n + "は";
      for (const std::string& b : blocks) {
        for (size_t pos = b.find(topic); pos != std::string::npos; pos = b.find(topic, pos + 1)) {
          ++count;
        }
      }
      if (count > best_n) {
        best_n = count;
        best = n;
      }
    }
    return best;
  };
  if (p.body_term.empty()) {
    p.body_term = most_used(p.body);
  }
  if (p.vendor_term.empty()) {
    p.vendor_term = most_used(p.vendor);
  }
  // Pairs name each other: a contract of 乙 has a 甲.
  static const std::pair<const char*, const char*> k_pairs[] = {
      {"甲", "乙"}, {"発注者", "受注者"}, {"委託者", "受託者"}, {"お客様", "当社"}, {"利用者", "提供者"}};
  for (const auto& [body, vendor] : k_pairs) {
    if (p.body_term.empty() && p.vendor_term == vendor) {
      p.body_term = body;
    } else if (p.vendor_term.empty() && p.body_term == body) {
      p.vendor_term = vendor;
    }
  }
  auto longest_first = [](std::vector<std::string>& v) {
    std::stable_sort(v.begin(), v.end(),
                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  };
  longest_first(p.body);
  longest_first(p.vendor);
  longest_first(p.sub);
  return p;
}

}  // namespace keiyaku::segment
