#pragma once

#include <core/document.hpp>
#include <core/parties.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keiyaku::batch {

/// Registered vendors prepared for finding them in contracts. Immutable after construction, so
/// any number of threads may call find() at once.
class VendorIndex {
 public:
  struct Vendor {
    int64_t id = 0;
    std::string name;
    std::string corporate_number;  ///< 13 digits, "" when none
  };
  explicit VendorIndex(const std::vector<Vendor>& vendors);

  /// The vendor a contract names in its parties or preamble (the paragraphs before the first
  /// article, or the first 60 when there is none): a 法人番号 written there wins; else the longest
  /// registered name that appears as a whole name (not inside a longer one: 「株式会社みなと」 is
  /// not found in 「株式会社みなと計算センター」). Names compare after normalisation (NFKC, spaces
  /// removed, （株）→株式会社). nullopt when none is found.
  std::optional<int64_t> find(const core::Parties& parties, const core::Document& document) const;

  /// The vendor a contract's vendor name (as the contract writes it) names, compared as find()
  /// compares: for contracts recorded before the vendor was registered.
  std::optional<int64_t> find_name(std::string_view vendor_name) const;

  /// The text find() searches: the vendor's name as resolved, then the preamble, normalised.
  static std::string searched_text(const core::Parties& parties, const core::Document& document);
  /// A name as find() compares it.
  static std::string key(std::string_view name);

 private:
  struct Entry {
    int64_t id;
    std::string key;
    std::string corporate_number;
  };
  std::optional<int64_t> find_in(const std::string& searched) const;
  std::vector<Entry> m_entries;  // longest key first
};

}  // namespace keiyaku::batch
