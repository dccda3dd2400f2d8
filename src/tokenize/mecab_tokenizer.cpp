#include "mecab_tokenizer.hpp"

#include "chunks.hpp"
#include "column_map.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/term.hpp>
#include <mecab.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#ifndef KY_MECAB_SYSDIC_DEFAULT
#error "KY_MECAB_SYSDIC_DEFAULT must be defined by src/tokenize/CMakeLists.txt"
#endif

namespace keiyaku::tokenize {

namespace {

constexpr const char* k_user_dic_name = "keiyaku-user.dic";

struct ModelDeleter {
  void operator()(MeCab::Model* m) const { MeCab::deleteModel(m); }
};
struct TaggerDeleter {
  void operator()(MeCab::Tagger* t) const { MeCab::deleteTagger(t); }
};
struct LatticeDeleter {
  void operator()(MeCab::Lattice* l) const { MeCab::deleteLattice(l); }
};
using LatticePtr = std::unique_ptr<MeCab::Lattice, LatticeDeleter>;

/// MeCab reports errors through one process-wide string; every call that can set it runs under
/// this lock and copies the message at once.
std::mutex& mecab_error_lock() {
  static std::mutex lock;
  return lock;
}

/// MeCab's last error without its trail of "file.cpp(N) [expression] " prefixes:
/// "dictionary file is broken: /path".
std::string last_mecab_error() {
  const char* e = MeCab::getLastError();
  std::string_view s = e != nullptr ? std::string_view(e) : std::string_view();
  if (const size_t cut = s.rfind("] "); cut != std::string_view::npos) {
    s.remove_prefix(cut + 2);
  }
  s = str::trim(s);
  return s.empty() ? std::string("unknown error") : std::string(s);
}

bool is_utf8_charset(std::string_view charset) {
  const std::string c = str::to_lower_ascii(charset);
  return c == "utf-8" || c == "utf8";
}

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

std::string executable_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

std::string dictionary_name(const std::string& dicdir) {
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(dicdir, ec);
  const std::filesystem::path p = ec ? std::filesystem::path(dicdir) : real;
  std::string name = p.filename().string();
  if (name.empty()) {
    name = p.parent_path().filename().string();
  }
  return name;
}

Error dictionary_error(ErrorCode code, const std::string& path, std::string message) {
  return {code, std::move(message), Where{path, 0, 0, {}}};
}

}  // namespace

struct MecabTokenizer::Impl {
  // Declared first so that it is destroyed last: taggers and lattices must not outlive the model.
  std::unique_ptr<MeCab::Model, ModelDeleter> model;
  std::unique_ptr<MeCab::Tagger, TaggerDeleter> tagger;
  // Idle lattices. Each tokenize() call takes one for itself and gives it back, so a lattice is
  // never used by two calls at once, and its buffers are reused instead of being freed and
  // allocated again for every call (which made glibc return and re-fault heap pages).
  mutable std::mutex pool_lock;
  mutable std::vector<LatticePtr> pool;
  const detail::ColumnMap* columns = nullptr;
  size_t needed_columns = 0;  ///< feature columns read per token
  DictionaryInfo info;

  LatticePtr acquire_lattice() const;
  void release_lattice(LatticePtr lattice) const;
  void fill(const MeCab::Node& node, size_t offset, core::Token& token) const;
  /// Parses one chunk that starts at `offset` in the text (copied into `buffer`); false with the
  /// reason in `error` when MeCab fails.
  bool parse(MeCab::Lattice& lattice, std::string& buffer, std::string_view chunk, size_t offset,
             std::vector<core::Token>& out, std::string& error) const;
};

/// Idle lattices kept at most; more concurrent calls than this create and delete their own.
constexpr size_t k_max_idle_lattices = 16;

LatticePtr MecabTokenizer::Impl::acquire_lattice() const {
  {
    const std::lock_guard<std::mutex> lock(pool_lock);
    if (!pool.empty()) {
      LatticePtr lattice = std::move(pool.back());
      pool.pop_back();
      return lattice;
    }
  }
  return LatticePtr(model->createLattice());
}

void MecabTokenizer::Impl::release_lattice(LatticePtr lattice) const {
  if (!lattice) {
    return;
  }
  lattice->clear();
  const std::lock_guard<std::mutex> lock(pool_lock);
  if (pool.size() < k_max_idle_lattices) {
    pool.push_back(std::move(lattice));
  }
}

void MecabTokenizer::Impl::fill(const MeCab::Node& node, size_t offset, core::Token& token) const {
  constexpr size_t k_max_columns = 32;
  std::array<std::string_view, k_max_columns> col{};
  const size_t count = detail::split_feature(node.feature != nullptr ? node.feature : "", col.data(),
                                             std::min(needed_columns, col.size()));
  auto column = [&](int i) -> std::string_view {
    if (i < 0 || static_cast<size_t>(i) >= count || col[static_cast<size_t>(i)] == "*") {
      return {};
    }
    return col[static_cast<size_t>(i)];
  };
  token.begin = static_cast<uint32_t>(offset);
  token.end = static_cast<uint32_t>(offset + node.length);
  token.surface.assign(node.surface, node.length);
  const std::string_view lemma = column(columns->lemma);
  if (lemma.empty()) {
    token.lemma = token.surface;
  } else {
    token.lemma.assign(lemma);
  }
  // Features are in the dictionary's mapped memory, which lives as long as the model.
  token.reading = column(columns->reading);
  token.conjugation = column(columns->conjugation);
  // The POS columns as one slice of the feature string ("名詞,サ変接続,*,*").
  const size_t first = columns->pos_first;
  const size_t last = std::min(columns->pos_last, count - 1);
  if (first <= last) {
    const char* begin = col[first].data();
    const char* end = col[last].data() + col[last].size();
    token.pos_detail = std::string_view(begin, static_cast<size_t>(end - begin));
  }
  token.pos = columns->coarse_pos(col.data() + first, first <= last ? last - first + 1 : 0);
  token.unknown = node.stat == MECAB_UNK_NODE;
}

bool MecabTokenizer::Impl::parse(MeCab::Lattice& lattice, std::string& buffer,
                                 std::string_view chunk, size_t offset,
                                 std::vector<core::Token>& out, std::string& error) const {
  // MeCab's dictionary lookup runs strlen() from each position despite the explicit length: give
  // it the chunk alone, NUL-terminated, or it would read to the end of the whole text (slow, and
  // past the end of a string_view that is not NUL-terminated).
  buffer.assign(chunk);
  const char* sentence = buffer.c_str();
  lattice.set_sentence(sentence, buffer.size());
  if (!tagger->parse(&lattice)) {
    const char* what = lattice.what();
    error = what != nullptr ? what : "parse failed";
    return false;
  }
  for (const MeCab::Node* node = lattice.bos_node(); node != nullptr; node = node->next) {
    if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) {
      continue;
    }
    // Surfaces point into `sentence` and are not NUL-terminated.
    const auto begin = static_cast<size_t>(node->surface - sentence);
    fill(*node, offset + begin, out.emplace_back());
  }
  return true;
}

MecabTokenizer::MecabTokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MecabTokenizer::~MecabTokenizer() = default;

const DictionaryInfo& MecabTokenizer::info() const { return m_impl->info; }

std::string MecabTokenizer::describe() const {
  const DictionaryInfo& i = m_impl->info;
  std::string s = i.name + " (" + i.dicdir + ")";
  if (!i.user_dictionary.empty()) {
    s += " + " + std::filesystem::path(i.user_dictionary).filename().string() + " (" +
         std::to_string(i.user_entries) + " words)";
  }
  return s;
}

std::vector<core::Token> MecabTokenizer::tokenize(std::string_view text) const {
  std::vector<core::Token> out;
  if (text.empty()) {
    return out;
  }
  // MeCab must only see well-formed UTF-8: ill-formed bytes become '?' in a copy of the same
  // length, so offsets still point into `text`.
  std::string repaired;
  std::string_view src = text;
  if (!str::valid_utf8(text)) {
    repaired.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
      const size_t start = i;
      const char32_t cp = str::next_cp(text, i);
      if (cp == 0xFFFD && i - start == 1) {
        repaired += '?';
      } else {
        repaired.append(text.substr(start, i - start));
      }
    }
    src = repaired;
  }
  LatticePtr lattice = m_impl->acquire_lattice();
  if (!lattice) {
    static std::once_flag warned;
    std::call_once(warned, [] {
      term::warning(tr("MeCab のラティスを作成できません", "cannot create a MeCab lattice"));
    });
    return out;
  }
  constexpr size_t k_bytes_per_token = 5;  // contract text: about 5 bytes per IPAdic token
  out.reserve(text.size() / k_bytes_per_token + 8);
  std::string error;
  std::string buffer;
  buffer.reserve(detail::k_max_chunk_bytes);
  for (const detail::Chunk& chunk : detail::split_chunks(src)) {
    if (!m_impl->parse(*lattice, buffer, src.substr(chunk.begin, chunk.end - chunk.begin),
                       chunk.begin, out, error)) {
      static std::once_flag warned;
      std::call_once(warned, [&] {
        term::warning(tr("MeCab が文を解析できませんでした: ", "MeCab could not parse a sentence: ") +
                      error);
      });
    }
  }
  m_impl->release_lattice(std::move(lattice));
  if (!repaired.empty()) {
    for (core::Token& t : out) {
      t.surface.assign(text.substr(t.begin, t.end - t.begin));
      if (t.unknown) {
        t.lemma = t.surface;
      }
    }
  }
  return out;
}

std::string default_system_dicdir() {
  const char* env = std::getenv("KEIYAKU_MECAB_DICDIR");
  if (env != nullptr && *env != '\0') {
    return env;
  }
  return KY_MECAB_SYSDIC_DEFAULT;
}

std::vector<std::string> user_dictionary_search_path() {
  std::vector<std::string> paths;
  const std::string dir = executable_dir();
  if (!dir.empty()) {
    paths.push_back(dir + "/dictionaries/" + k_user_dic_name);
    paths.push_back(dir + "/" + k_user_dic_name);
    paths.push_back(
        (std::filesystem::path(dir).parent_path() / "share" / "keiyaku" / k_user_dic_name)
            .string());
  }
  return paths;
}

std::string find_user_dictionary() {
  const char* env = std::getenv("KEIYAKU_USER_DIC");
  if (env != nullptr && *env != '\0') {
    return env;
  }
  for (const std::string& p : user_dictionary_search_path()) {
    if (file_exists(p)) {
      return p;
    }
  }
  return {};
}

namespace {

using ModelPtr = std::unique_ptr<MeCab::Model, ModelDeleter>;

/// A MeCab model over the system dictionary and, if named, a user dictionary; nullptr with
/// MeCab's reason in `error` when it cannot be loaded.
ModelPtr load_model(const std::string& dicdir, const std::string& user_dic, std::string& error) {
  // The dictionary's own dicrc serves as the resource file, so /etc/mecabrc (and its dicdir,
  // which follows the Debian alternatives link) is never read.
  std::vector<std::string> args = {"keiyaku", "-r", dicdir + "/dicrc", "-d", dicdir};
  if (!user_dic.empty()) {
    args.insert(args.end(), {"-u", user_dic});
  }
  std::vector<char*> argv;
  argv.reserve(args.size());
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  const std::lock_guard<std::mutex> lock(mecab_error_lock());
  ModelPtr model(MeCab::createModel(static_cast<int>(argv.size()), argv.data()));
  if (!model) {
    error = last_mecab_error();
  }
  return model;
}

std::string system_charset(const MeCab::Model& model) {
  for (const MeCab::DictionaryInfo* d = model.dictionary_info(); d != nullptr; d = d->next) {
    if (d->type == MECAB_SYS_DIC) {
      return d->charset != nullptr ? d->charset : "";
    }
  }
  return {};
}

Error charset_error(const std::string& dicdir, const std::string& charset) {
  return dictionary_error(
      ErrorCode::data, dicdir,
      tr("MeCab の辞書の文字コードが " + charset + " です。UTF-8 の辞書（ipadic-utf8）を使ってください",
         "the MeCab dictionary is " + charset + ", keiyaku needs a UTF-8 dictionary (ipadic-utf8)"));
}

Expected<std::shared_ptr<const MecabTokenizer>> create(const std::string& dicdir,
                                                       const std::string& user_dic) {
  if (!file_exists(dicdir + "/sys.dic") || !file_exists(dicdir + "/dicrc")) {
    return dictionary_error(
        ErrorCode::io, dicdir,
        tr("MeCab の辞書がありません（mecab-ipadic-utf8 パッケージを入れるか、KEIYAKU_MECAB_DICDIR "
           "で辞書のディレクトリを指定してください）",
           "MeCab dictionary not found (install the mecab-ipadic-utf8 package or set "
           "KEIYAKU_MECAB_DICDIR to a dictionary directory)"));
  }
  if (!user_dic.empty() && !file_exists(user_dic)) {
    return dictionary_error(ErrorCode::io, user_dic,
                            tr("MeCab のユーザー辞書がありません", "MeCab user dictionary not found"));
  }
  auto impl = std::make_unique<MecabTokenizer::Impl>();
  std::string why;
  impl->model = load_model(dicdir, user_dic, why);
  if (!impl->model) {
    const auto cannot_load = tr("MeCab の辞書を読み込めません: ", "cannot load the MeCab dictionary: ");
    if (user_dic.empty()) {
      return dictionary_error(ErrorCode::data, dicdir, cannot_load + why);
    }
    // Blame the right file: the system dictionary alone may fail, or not be UTF-8 (a UTF-8 user
    // dictionary is then "incompatible"), or the user dictionary is at fault.
    std::string system_why;
    const ModelPtr system_only = load_model(dicdir, {}, system_why);
    if (!system_only) {
      return dictionary_error(ErrorCode::data, dicdir, cannot_load + system_why);
    }
    if (const std::string charset = system_charset(*system_only); !is_utf8_charset(charset)) {
      return charset_error(dicdir, charset);
    }
    return dictionary_error(ErrorCode::data, user_dic, cannot_load + why);
  }
  {
    const std::lock_guard<std::mutex> lock(mecab_error_lock());
    impl->tagger.reset(impl->model->createTagger());
    if (!impl->tagger) {
      return dictionary_error(ErrorCode::internal, dicdir,
                              tr("MeCab のタガーを作成できません: ", "cannot create a MeCab tagger: ") +
                                  last_mecab_error());
    }
  }
  DictionaryInfo& info = impl->info;
  info.dicdir = dicdir;
  info.name = dictionary_name(dicdir);
  for (const MeCab::DictionaryInfo* d = impl->model->dictionary_info(); d != nullptr; d = d->next) {
    if (d->type == MECAB_SYS_DIC) {
      info.charset = d->charset != nullptr ? d->charset : "";
      info.entries = d->size;
      info.left_ids = d->lsize;
      info.right_ids = d->rsize;
    } else if (d->type == MECAB_USR_DIC) {
      info.user_dictionary = d->filename != nullptr ? d->filename : user_dic;
      info.user_entries = d->size;
    }
  }
  if (!is_utf8_charset(info.charset)) {
    return charset_error(dicdir, info.charset);
  }
  // The feature columns must be IPAdic's, or lemmas and parts of speech would be read wrongly.
  impl->columns = &detail::ipadic_column_map();
  impl->needed_columns = detail::needed_columns(*impl->columns);
  info.columns = impl->columns->name;
  {
    const LatticePtr lattice(impl->model->createLattice());
    const std::string probe = "契約";
    lattice->set_sentence(probe.data(), probe.size());
    size_t columns = 0;
    if (impl->tagger->parse(lattice.get())) {
      for (const MeCab::Node* n = lattice->bos_node(); n != nullptr; n = n->next) {
        if (n->stat == MECAB_NOR_NODE && n->feature != nullptr) {
          std::array<std::string_view, 64> col{};
          columns = detail::split_feature(std::string_view(n->feature), col.data(), col.size());
          break;
        }
      }
    }
    if (columns != impl->columns->columns) {
      return dictionary_error(
          ErrorCode::data, dicdir,
          tr("IPAdic 形式の辞書ではありません（素性が " + std::to_string(columns) + " 列、" +
                 impl->columns->name + " は " + std::to_string(impl->columns->columns) +
                 " 列）。ipadic-utf8 を使ってください",
             "not an IPAdic dictionary (its words have " + std::to_string(columns) +
                 " feature columns, " + impl->columns->name + ".map expects " +
                 std::to_string(impl->columns->columns) + "); use ipadic-utf8"));
    }
  }
  return std::shared_ptr<const MecabTokenizer>(std::make_shared<MecabTokenizer>(std::move(impl)));
}

}  // namespace

Expected<std::shared_ptr<const MecabTokenizer>> load_mecab_tokenizer(const MecabOptions& options) {
  const std::string dicdir =
      options.system_dicdir.empty() ? default_system_dicdir() : options.system_dicdir;
  std::string user_dic;
  if (!options.user_dictionary.empty()) {
    user_dic = options.user_dictionary;
  } else if (options.user == UserDictionary::automatic) {
    user_dic = find_user_dictionary();
    if (user_dic.empty()) {
      static std::once_flag warned;
      std::call_once(warned, [] {
        std::string looked;
        for (const std::string& p : user_dictionary_search_path()) {
          looked += (looked.empty() ? "" : ", ") + p;
        }
        term::warning(tr("MeCab のユーザー辞書 keiyaku-user.dic が見つからないため、専門用語（再委託など）が"
                         "分割されます（探した場所: " + looked + "。KEIYAKU_USER_DIC で指定できます）",
                         "MeCab user dictionary keiyaku-user.dic not found, so domain terms such as "
                         "再委託 are split into parts (looked in " + looked +
                             "; set KEIYAKU_USER_DIC to name it)"));
      });
    }
  }
  if (options.cache == ModelCache::bypass) {
    return create(dicdir, user_dic);
  }
  // One model per set of dictionaries and process.
  static std::mutex cache_lock;
  static std::map<std::string, std::weak_ptr<const MecabTokenizer>> cache;
  const std::string key = dicdir + '\n' + user_dic;
  const std::lock_guard<std::mutex> lock(cache_lock);
  if (auto cached = cache[key].lock()) {
    return cached;
  }
  auto created = create(dicdir, user_dic);
  if (created) {
    cache[key] = *created;
  }
  return created;
}

Expected<std::shared_ptr<const core::Tokenizer>> load_mecab(const MecabOptions& options) {
  auto t = load_mecab_tokenizer(options);
  if (!t) {
    return t.error();
  }
  return std::shared_ptr<const core::Tokenizer>(std::move(*t));
}

}  // namespace keiyaku::tokenize
