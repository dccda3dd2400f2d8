#pragma once
// The OPC package: a ZIP archive read from memory with caps on what is actually inflated, plus
// [Content_Types].xml and relationship parts. Internal to docx/.

#include "reader.hpp"
#include "xml.hpp"

#include <base/expected.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace keiyaku::docx {

/// What reading one file may still spend; shared with an altChunk read inside it.
struct Budget {
  explicit Budget(const Limits& l)
      : limits(l),
        deadline(std::chrono::steady_clock::now() +
                 std::chrono::microseconds(static_cast<long long>(l.max_seconds * 1e6))) {}
  const Limits& limits;
  size_t inflated = 0;    ///< bytes inflated so far, every part
  size_t text_chars = 0;  ///< characters of text produced so far
  std::chrono::steady_clock::time_point deadline;
  bool expired() const { return std::chrono::steady_clock::now() > deadline; }
};

/// "file: message" for file-level errors.
Error file_error(const std::string& file, ErrorCode code, const std::string& message);
Error timeout_error(const std::string& file);

/// One relationship of a part.
struct Rel {
  std::string id;
  std::string type;    ///< last segment of the type URI ("officeDocument", "styles", "vbaProject")
  std::string target;  ///< resolved part name (no leading '/'), or the raw target when external
  bool external = false;
};

struct Rels {
  std::vector<Rel> items;
  const Rel* by_id(std::string_view id) const;
  const Rel* first_of(std::string_view type) const;
};

class Package {
 public:
  /// Opens a ZIP held in memory (bytes must outlive the Package). Checks the entry count,
  /// duplicate names (also ASCII case variants), methods (stored/deflate only) and encryption.
  static Expected<std::unique_ptr<Package>> open(std::string_view bytes,
                                                 const std::string& file,
                                                 Budget& budget);
  ~Package();
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;

  const std::string& file() const { return m_file; }
  /// True when the part exists (names compare ASCII case-insensitively, OPC M1.12).
  bool has(std::string_view part) const;
  /// Inflates a part, counting actual bytes against cap, the ratio limit and the total budget.
  /// A CRC or other read error is an error (the data is never used).
  Expected<std::string> read(std::string_view part, size_t cap);
  /// The same, as a stream for the SAX parser: the part is never held whole in memory.
  Expected<std::unique_ptr<xml::ByteSource>> open_stream(std::string_view part, size_t cap);
  /// Every entry name, as stored.
  const std::vector<std::string>& names() const { return m_names; }

  /// Content type of a part (Override, else Default by extension), "" if none.
  std::string content_type(std::string_view part) const;
  /// Loads [Content_Types].xml (missing = empty).
  Status load_content_types(int max_depth);
  /// Relationships of a part ("" = the package), resolved; a missing .rels part gives none.
  Expected<Rels> rels_of(std::string_view part, int max_depth);

  Budget& budget() { return m_budget; }

 private:
  Package(std::string file, Budget& budget);
  struct Zip;
  class Stream;
  std::unique_ptr<Zip> m_zip;
  std::string m_file;
  Budget& m_budget;
  std::vector<std::string> m_names;
  std::unordered_map<std::string, size_t> m_index;           ///< folded name -> entry index
  std::unordered_map<std::string, std::string> m_defaults;   ///< folded extension -> type
  std::unordered_map<std::string, std::string> m_overrides;  ///< folded part name -> type
  std::unordered_map<std::string, Rels> m_rels_cache;        ///< folded source part -> rels
};

/// Part-name helpers.
std::string fold(std::string_view s);
std::string rels_part_for(std::string_view part);
/// Resolves a relationship target against its source part; "" when it climbs above the root.
std::string resolve_target(std::string_view source_part, std::string_view target);

}  // namespace keiyaku::docx
