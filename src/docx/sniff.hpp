#pragma once
// What a file is, from its first bytes and (for OLE2) its directory. Internal to docx/.

#include <string_view>

namespace keiyaku::docx {

enum class FileKind { zip, empty_zip, spanned_zip, cfb, rtf, pdf, xml, html, empty, unknown };
FileKind sniff(std::string_view bytes);

/// What an OLE2 compound file holds: a password-protected OOXML package (EncryptedPackage),
/// a Word 97-2003 document (WordDocument), something else, or an unreadable directory.
enum class CfbKind { encrypted_ooxml, legacy_doc, other, broken };
CfbKind classify_cfb(std::string_view bytes);

}  // namespace keiyaku::docx
