#pragma once

#include <base/expected.hpp>
#include <core/token.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace keiyaku::tokenize {

/// Whether to look for a user dictionary when none is named.
enum class UserDictionary { automatic, none };

/// Whether load_mecab_tokenizer() may return a tokenizer that is already loaded.
enum class ModelCache { shared, bypass };

/// Where the dictionaries are. Default-constructed options are what the tool uses.
struct MecabOptions {
  /// System dictionary directory. Empty: $KEIYAKU_MECAB_DICDIR, else the build-time default
  /// (/var/lib/mecab/dic/ipadic-utf8). Always passed to MeCab explicitly: /etc/mecabrc and the
  /// Debian alternatives link are never read, because installing UniDic silently repoints them.
  std::string system_dicdir;
  /// Compiled user dictionary (keiyaku-user.dic). Empty: find_user_dictionary(); when that finds
  /// nothing the tokenizer works without one and warns once. A named file must exist.
  std::string user_dictionary;
  /// none: use no user dictionary even if one is found.
  UserDictionary user = UserDictionary::automatic;
  /// bypass: load a model of its own even when one with the same dictionaries is alive (for
  /// measuring the load).
  ModelCache cache = ModelCache::shared;
};

/// What was loaded: for diagnostics, `keiyaku --version` and tests.
struct DictionaryInfo {
  std::string name;             ///< directory name with symlinks resolved: "ipadic-utf8"
  std::string dicdir;           ///< the system dictionary directory as given
  std::string charset;          ///< as the dictionary states it: "UTF-8"
  unsigned entries = 0;         ///< words in the system dictionary
  unsigned left_ids = 0;        ///< context ids: 1316 for IPAdic
  unsigned right_ids = 0;
  std::string columns;          ///< the feature-column map in use: "ipadic"
  std::string user_dictionary;  ///< path of the user dictionary, empty if none
  unsigned user_entries = 0;
};

/// MeCab behind core::Tokenizer. One MeCab model (the mmapped dictionaries) per process, shared by
/// every thread; each tokenize() call parses with a lattice of its own (taken from a small pool of
/// idle ones and given back), so calls may run concurrently.
class MecabTokenizer final : public core::Tokenizer {
 public:
  struct Impl;
  explicit MecabTokenizer(std::unique_ptr<Impl> impl);
  ~MecabTokenizer() override;
  MecabTokenizer(const MecabTokenizer&) = delete;
  MecabTokenizer& operator=(const MecabTokenizer&) = delete;

  /// Tokenises UTF-8 text of any length: it is parsed in chunks that end at 。 or a line break
  /// (or, for runs without either, at about 8 KB), and every token's begin/end are byte offsets
  /// into `text`. Ill-formed UTF-8 bytes are parsed as '?'. Thread-safe.
  std::vector<core::Token> tokenize(std::string_view text) const override;
  /// "ipadic-utf8 (/var/lib/mecab/dic/ipadic-utf8) + keiyaku-user.dic (176 words)".
  std::string describe() const override;
  const DictionaryInfo& info() const;

 private:
  std::unique_ptr<Impl> m_impl;
};

/// Loads MeCab with the dictionaries of `options`. Loading again with the same dictionaries
/// returns the same tokenizer while it is alive. Thread-safe. Fails with a message that names the
/// dictionary when it is missing, not UTF-8 or not in IPAdic format.
Expected<std::shared_ptr<const MecabTokenizer>> load_mecab_tokenizer(const MecabOptions& options);

/// load_mecab_tokenizer() as the pipeline's seam.
Expected<std::shared_ptr<const core::Tokenizer>> load_mecab(const MecabOptions& options);

/// The system dictionary used when MecabOptions names none.
std::string default_system_dicdir();

/// Where the user dictionary is looked for, in order: next to the executable (the build tree:
/// <dir>/dictionaries/keiyaku-user.dic, then <dir>/keiyaku-user.dic); <dir>/../share/keiyaku/
/// (an installation, wherever its prefix is). No install location is compiled in.
std::vector<std::string> user_dictionary_search_path();

/// The user dictionary to use: $KEIYAKU_USER_DIC when it is set (even when the file is missing, so
/// that loading fails naming it: an explicit choice overrides the search), else the first existing
/// file of user_dictionary_search_path(), else "".
std::string find_user_dictionary();

}  // namespace keiyaku::tokenize
