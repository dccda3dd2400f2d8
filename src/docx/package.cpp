#include "package.hpp"

#include "xml.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

namespace keiyaku::docx {

namespace {

uint64_t le(std::string_view b, size_t off, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) {
    v = v << 8U | static_cast<unsigned char>(b[off + static_cast<size_t>(i)]);
  }
  return v;
}

// Reads the entry count from the end-of-central-directory record (ZIP64 aware) before libzip
// sees the archive, so that a million-entry file is refused without building its directory.
// Returns false when there is no end record at all: the archive is truncated.
bool eocd_entries(std::string_view b, uint64_t& entries) {
  if (b.size() < 22) {
    return false;
  }
  const size_t last = b.size() - 22;
  const size_t first = last > 65535 ? last - 65535 : 0;
  for (size_t pos = last + 1; pos-- > first;) {
    if (b.compare(pos, 4, std::string_view("PK\x05\x06", 4)) != 0) {
      continue;
    }
    entries = le(b, pos + 10, 2);
    if (entries == 0xFFFF && pos >= 20 &&
        b.compare(pos - 20, 4, std::string_view("PK\x06\x07", 4)) == 0) {
      const uint64_t z64 = le(b, pos - 20 + 8, 8);
      if (z64 + 56 <= b.size() &&
          b.compare(static_cast<size_t>(z64), 4, std::string_view("PK\x06\x06", 4)) == 0) {
        entries = le(b, static_cast<size_t>(z64) + 32, 8);
      }
    }
    return true;
  }
  return false;
}

std::string zip_reason(int code) {
  zip_error_t ze;
  zip_error_init_with_code(&ze, code);
  std::string s = zip_error_strerror(&ze);
  zip_error_fini(&ze);
  return s;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int h = hex(s[i + 1]);
      const int l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out += static_cast<char>(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

Error file_error(const std::string& file, ErrorCode code, const std::string& message) {
  return Error(code, file + ": " + message);
}

Error timeout_error(const std::string& file) {
  return file_error(
      file, ErrorCode::limit_exceeded,
      tr("読み取りが時間の上限を超えました", "reading took longer than the time limit"));
}

const Rel* Rels::by_id(std::string_view id) const {
  for (const Rel& r : items) {
    if (r.id == id) {
      return &r;
    }
  }
  return nullptr;
}

const Rel* Rels::first_of(std::string_view type) const {
  for (const Rel& r : items) {
    if (r.type == type) {
      return &r;
    }
  }
  return nullptr;
}

std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string rels_part_for(std::string_view part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string_view::npos) {
    return "_rels/" + std::string(part) + ".rels";
  }
  return std::string(part.substr(0, slash)) + "/_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string t = percent_decode(target);
  const size_t hash = t.find('#');
  if (hash != std::string::npos) {
    t.erase(hash);
  }
  std::vector<std::string> segs;
  if (t.empty() || t[0] != '/') {
    const size_t slash = source_part.rfind('/');
    if (slash != std::string_view::npos) {
      for (std::string_view s : str::split(source_part.substr(0, slash), '/')) {
        if (!s.empty()) {
          segs.emplace_back(s);
        }
      }
    }
  }
  for (std::string_view s : str::split(t, '/')) {
    if (s.empty() || s == ".") {
      continue;
    }
    if (s == "..") {
      if (segs.empty()) {
        return {};  // climbs above the package root
      }
      segs.pop_back();
      continue;
    }
    segs.emplace_back(s);
  }
  return str::join(segs, "/");
}

struct Package::Zip {
  zip_t* za = nullptr;
  ~Zip() {
    if (za != nullptr) {
      zip_discard(za);
    }
  }
};

Package::Package(std::string file, Budget& budget) : m_file(std::move(file)), m_budget(budget) {}

Package::~Package() = default;

Expected<std::unique_ptr<Package>> Package::open(std::string_view bytes,
                                                 const std::string& file,
                                                 Budget& budget) {
  const Limits& lim = budget.limits;
  uint64_t declared_entries = 0;
  if (!eocd_entries(bytes, declared_entries)) {
    return file_error(file, ErrorCode::corrupt_zip,
                      tr("ZIPが途中で切れているか壊れています（中央ディレクトリがありません）",
                         "truncated or corrupt ZIP (no end of central directory)"));
  }
  if (declared_entries > lim.max_entries) {
    return file_error(file, ErrorCode::limit_exceeded,
                      tr("ZIPのエントリが多すぎます（", "too many ZIP entries (") +
                          std::to_string(declared_entries) + " > " +
                          std::to_string(lim.max_entries) + ")");
  }
  std::unique_ptr<Package> pkg(new Package(file, budget));
  pkg->m_zip = std::make_unique<Zip>();
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (src == nullptr) {
    zip_error_fini(&ze);
    return file_error(file, ErrorCode::internal, "zip_source_buffer_create failed");
  }
  pkg->m_zip->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (pkg->m_zip->za == nullptr) {
    const int code = zip_error_code_zip(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    if (code == ZIP_ER_EXISTS) {
      return file_error(
          file, ErrorCode::corrupt_zip,
          tr("ZIP内に同じ名前のエントリが重複しています", "duplicate entry names in the ZIP"));
    }
    return file_error(file, ErrorCode::corrupt_zip,
                      tr("ZIPが途中で切れているか壊れています: ", "truncated or corrupt ZIP: ") +
                          zip_reason(code));
  }
  zip_error_fini(&ze);
  zip_t* za = pkg->m_zip->za;
  const zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0 || static_cast<uint64_t>(n) > lim.max_entries) {
    return file_error(file, ErrorCode::limit_exceeded,
                      tr("ZIPのエントリが多すぎます", "too many ZIP entries"));
  }
  pkg->m_names.reserve(static_cast<size_t>(n));
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        (st.valid & ZIP_STAT_NAME) == 0) {
      return file_error(file, ErrorCode::corrupt_zip,
                        tr("ZIPのエントリを読めません", "cannot read a ZIP entry"));
    }
    std::string name = st.name;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE) {
      return file_error(file, ErrorCode::encrypted,
                        tr("ZIPのエントリが暗号化されています: ", "encrypted ZIP entry: ") + name);
    }
    if ((st.valid & ZIP_STAT_COMP_METHOD) != 0 && st.comp_method != ZIP_CM_STORE &&
        st.comp_method != ZIP_CM_DEFLATE) {
      return file_error(
          file, ErrorCode::unsupported,
          tr("対応していない圧縮方式です: ", "unsupported compression method: ") + name);
    }
    std::string key = fold(name);
    if (!key.empty() && key[0] == '/') {
      key.erase(0, 1);
    }
    if (!pkg->m_index.emplace(key, static_cast<size_t>(i)).second) {
      return file_error(file, ErrorCode::corrupt_zip,
                        tr("ZIP内に同じ名前のエントリが重複しています（大文字小文字違いを含む）: ",
                           "duplicate entry names in the ZIP (ignoring case): ") +
                            name);
    }
    pkg->m_names.push_back(std::move(name));
  }
  return pkg;
}

bool Package::has(std::string_view part) const {
  return m_index.count(fold(part)) != 0;
}

// Inflates one entry with caps on the bytes actually produced (libzip does not enforce the
// declared size), the compression ratio, the total budget and the clock. Any read error (CRC
// mismatch comes last, after all the data) fails the whole read: the data is never used.
class Package::Stream final : public xml::ByteSource {
 public:
  Stream(
      Package& pkg, std::string part, zip_file_t* f, uint64_t comp, uint64_t declared, size_t cap)
      : m_pkg(pkg),
        m_part(std::move(part)),
        m_file(f),
        m_comp(comp),
        m_declared(declared),
        m_cap(cap) {}
  ~Stream() override {
    if (m_file != nullptr) {
      zip_fclose(m_file);
    }
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  int read(char* buf, int len) override {
    if (m_error || m_file == nullptr) {
      return m_error ? -1 : 0;
    }
    const zip_int64_t got = zip_fread(m_file, buf, static_cast<zip_uint64_t>(std::max(len, 0)));
    if (got < 0) {
      const int code = zip_error_code_zip(zip_file_get_error(m_file));
      fail(ErrorCode::corrupt_zip,
           code == ZIP_ER_CRC
               ? tr("CRC が一致しません（破損または改ざん）", "CRC mismatch (corrupt or tampered)")
               : tr("展開できません: ", "cannot inflate: ") + zip_reason(code));
      return -1;
    }
    if (got == 0) {
      zip_fclose(m_file);
      m_file = nullptr;
      return 0;
    }
    m_size += static_cast<size_t>(got);
    Budget& b = m_pkg.m_budget;
    const Limits& lim = b.limits;
    b.inflated += static_cast<size_t>(got);
    if (m_size > m_declared) {
      // The entry inflates to more than its header says: the archive lies about its size, and
      // nothing past the declared size is ever used.
      fail(ErrorCode::corrupt_zip,
           tr("展開後のサイズが宣言された ", "inflates past its declared size of ") +
               std::to_string(m_declared) +
               tr(" バイトを超えました（ZIPの改ざんまたは破損）",
                  " bytes (tampered or corrupt ZIP)"));
    } else if (b.inflated > lim.max_read_bytes) {
      fail(ErrorCode::limit_exceeded,
           tr("展開したXMLが読み込みの上限を超えました（", "XML inflated over the input limit (") +
               std::to_string(lim.max_read_bytes) +
               tr(" バイト。--input-limit で変えられます）", " bytes; --input-limit changes it)"));
    } else if (m_size > m_cap) {
      fail(ErrorCode::limit_exceeded,
           tr("展開後のサイズが上限を超えました（", "inflated size over the limit (") +
               std::to_string(m_cap) + " bytes)");
    } else if (m_size > lim.ratio_grace_bytes &&
               m_size / std::max<uint64_t>(m_comp, 1) > lim.max_ratio) {
      fail(ErrorCode::limit_exceeded,
           tr("圧縮率が異常です（ZIP爆弾の疑い）", "suspicious compression ratio (zip bomb)"));
    } else if (b.expired()) {
      m_error = timeout_error(m_pkg.m_file);
    }
    return m_error ? -1 : static_cast<int>(got);
  }

  const Error* error() const override { return m_error ? &*m_error : nullptr; }

 private:
  void fail(ErrorCode code, const std::string& why) {
    m_error = file_error(m_pkg.m_file, code, m_part + ": " + why);
  }

  Package& m_pkg;
  std::string m_part;
  zip_file_t* m_file;
  uint64_t m_comp;
  uint64_t m_declared;  ///< the uncompressed size the central directory gives
  size_t m_cap;
  size_t m_size = 0;
  std::optional<Error> m_error;
};

Expected<std::unique_ptr<xml::ByteSource>> Package::open_stream(std::string_view part, size_t cap) {
  const auto it = m_index.find(fold(part));
  if (it == m_index.end()) {
    return file_error(m_file, ErrorCode::no_main_part,
                      std::string(part) + tr(": 部品がありません", ": part not found"));
  }
  zip_t* za = m_zip->za;
  zip_stat_t st;
  if (zip_stat_index(za, it->second, 0, &st) != 0) {
    return file_error(m_file, ErrorCode::corrupt_zip,
                      std::string(part) + ": " + tr("読めません", "cannot read"));
  }
  const uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) != 0 ? st.comp_size : 0;
  const uint64_t declared = (st.valid & ZIP_STAT_SIZE) != 0 ? st.size : UINT64_MAX;
  zip_file_t* f = zip_fopen_index(za, it->second, 0);
  if (f == nullptr) {
    return file_error(
        m_file, ErrorCode::corrupt_zip,
        std::string(part) + ": " + tr("読めません: ", "cannot read: ") + zip_strerror(za));
  }
  return std::unique_ptr<xml::ByteSource>(
      std::make_unique<Stream>(*this, std::string(part), f, comp, declared, cap));
}

Expected<std::string> Package::read(std::string_view part, size_t cap) {
  auto stream = open_stream(part, cap);
  if (!stream) {
    return stream.error();
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const int got = (*stream)->read(buf, sizeof buf);
    if (got < 0) {
      return *(*stream)->error();
    }
    if (got == 0) {
      break;
    }
    out.append(buf, static_cast<size_t>(got));
  }
  return out;
}

std::string Package::content_type(std::string_view part) const {
  const auto o = m_overrides.find(fold(part));
  if (o != m_overrides.end()) {
    return o->second;
  }
  const size_t dot = part.rfind('.');
  const size_t slash = part.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    const auto d = m_defaults.find(fold(part.substr(dot + 1)));
    if (d != m_defaults.end()) {
      return d->second;
    }
  }
  return {};
}

Status Package::load_content_types(int max_depth) {
  static const char* k_name = "[Content_Types].xml";
  if (!has(k_name)) {
    return {};
  }
  auto data = read(k_name, m_budget.limits.max_read_bytes);
  if (!data) {
    return data.error();
  }
  auto doc = xml::parse_dom(*data, {m_file, k_name, max_depth});
  if (!doc) {
    return doc.error();
  }
  for (xmlNode* c : xml::children(xmlDocGetRootElement(doc->get()))) {
    const char* ct = xml::attr(c, xml::Ns::none, "ContentType");
    if (ct == nullptr) {
      continue;
    }
    if (xml::is(c, xml::Ns::ct, "Default")) {
      if (const char* ext = xml::attr(c, xml::Ns::none, "Extension")) {
        m_defaults[fold(ext)] = ct;
      }
    } else if (xml::is(c, xml::Ns::ct, "Override")) {
      if (const char* pn = xml::attr(c, xml::Ns::none, "PartName")) {
        std::string name = resolve_target("", pn);
        m_overrides[fold(name)] = ct;
      }
    }
  }
  return {};
}

Expected<Rels> Package::rels_of(std::string_view part, int max_depth) {
  const std::string key = fold(part);
  if (const auto it = m_rels_cache.find(key); it != m_rels_cache.end()) {
    return it->second;
  }
  Rels rels;
  const std::string rp = part.empty() ? std::string("_rels/.rels") : rels_part_for(part);
  if (!has(rp)) {
    return rels;
  }
  auto data = read(rp, m_budget.limits.max_read_bytes);
  if (!data) {
    return data.error();
  }
  auto doc = xml::parse_dom(*data, {m_file, rp, max_depth});
  if (!doc) {
    return doc.error();
  }
  for (xmlNode* c : xml::children(xmlDocGetRootElement(doc->get()))) {
    if (!xml::is(c, xml::Ns::rel, "Relationship")) {
      continue;
    }
    const char* id = xml::attr(c, xml::Ns::none, "Id");
    const char* type = xml::attr(c, xml::Ns::none, "Type");
    const char* target = xml::attr(c, xml::Ns::none, "Target");
    const char* mode = xml::attr(c, xml::Ns::none, "TargetMode");
    if (type == nullptr || target == nullptr) {
      continue;
    }
    Rel r;
    r.id = id != nullptr ? id : "";
    std::string_view t(type);
    const size_t slash = t.rfind('/');
    r.type = std::string(slash == std::string_view::npos ? t : t.substr(slash + 1));
    r.external = mode != nullptr && fold(mode) == "external";
    r.target = r.external ? std::string(target) : resolve_target(part, target);
    if (!r.external && r.target.empty()) {
      continue;  // climbs above the package root: never a part
    }
    rels.items.push_back(std::move(r));
  }
  m_rels_cache.emplace(key, rels);
  return rels;
}

}  // namespace keiyaku::docx
