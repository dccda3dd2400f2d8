#include "model.hpp"

#include <base/i18n.hpp>

#include <array>

namespace keiyaku::registry {

namespace {

template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) {
      return static_cast<E>(i);
    }
  }
  return std::nullopt;
}

template <size_t N>
std::vector<std::string_view> all(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

constexpr std::array<std::string_view, 8> k_cert_kinds = {
    "isms", "iso27017", "iso27018", "ismap", "ismap-liu", "pmark", "soc2", "other"};
constexpr std::array<std::string_view, 5> k_methods = {"checksheet", "onsite", "report",
                                                       "certificate", "other"};
constexpr std::array<std::string_view, 3> k_results = {"ok", "needs-fix", "failed"};
constexpr std::array<std::string_view, 4> k_statuses = {"unverified", "verified", "needs_fix",
                                                        "expired"};
constexpr std::array<std::string_view, 8> k_services = {
    "x", "facebook", "instagram", "line", "youtube", "tiktok", "note", "other"};

}  // namespace

std::string_view name(CertKind v) {
  return k_cert_kinds.at(static_cast<size_t>(v));
}
std::string_view name(VerifyMethod v) {
  return k_methods.at(static_cast<size_t>(v));
}
std::string_view name(VerifyResult v) {
  return k_results.at(static_cast<size_t>(v));
}
std::string_view name(VendorStatus v) {
  return k_statuses.at(static_cast<size_t>(v));
}
std::string_view name(Service v) {
  return k_services.at(static_cast<size_t>(v));
}

std::optional<CertKind> parse_cert_kind(std::string_view s) {
  return lookup<CertKind>(k_cert_kinds, s);
}
std::optional<VerifyMethod> parse_verify_method(std::string_view s) {
  return lookup<VerifyMethod>(k_methods, s);
}
std::optional<VerifyResult> parse_verify_result(std::string_view s) {
  return lookup<VerifyResult>(k_results, s);
}
std::optional<Service> parse_service(std::string_view s) {
  return lookup<Service>(k_services, s);
}

std::vector<std::string_view> cert_kind_names() {
  return all(k_cert_kinds);
}
std::vector<std::string_view> verify_method_names() {
  return all(k_methods);
}
std::vector<std::string_view> verify_result_names() {
  return all(k_results);
}
std::vector<std::string_view> service_names() {
  return all(k_services);
}

std::string label(CertKind v) {
  switch (v) {
    case CertKind::isms:
      return "ISMS (ISO/IEC 27001)";
    case CertKind::iso27017:
      return "ISO/IEC 27017";
    case CertKind::iso27018:
      return "ISO/IEC 27018";
    case CertKind::ismap:
      return "ISMAP";
    case CertKind::ismap_liu:
      return "ISMAP-LIU";
    case CertKind::pmark:
      return tr("プライバシーマーク", "PrivacyMark");
    case CertKind::soc2:
      return "SOC 2";
    case CertKind::other:
      return tr("その他", "other");
  }
  return {};
}

std::string label(VerifyMethod v) {
  switch (v) {
    case VerifyMethod::checksheet:
      return tr("チェックシート", "checksheet");
    case VerifyMethod::onsite:
      return tr("現地確認", "on-site");
    case VerifyMethod::report:
      return tr("報告書", "report");
    case VerifyMethod::certificate:
      return tr("第三者認証の確認", "certificate");
    case VerifyMethod::other:
      return tr("その他", "other");
  }
  return {};
}

std::string label(VerifyResult v) {
  switch (v) {
    case VerifyResult::ok:
      return tr("確認済", "ok");
    case VerifyResult::needs_fix:
      return tr("要是正", "needs fix");
    case VerifyResult::failed:
      return tr("不可", "failed");
  }
  return {};
}

std::string_view label_ja(VendorStatus v) {
  switch (v) {
    case VendorStatus::unverified:
      return "未確認";
    case VendorStatus::verified:
      return "確認済";
    case VendorStatus::needs_fix:
      return "要是正";
    case VendorStatus::expired:
      return "期限切れ";
  }
  return {};
}

std::string label(VendorStatus v) {
  switch (v) {
    case VendorStatus::unverified:
      return tr("未確認", "unverified");
    case VendorStatus::verified:
      return tr("確認済", "verified");
    case VendorStatus::needs_fix:
      return tr("要是正", "needs fix");
    case VendorStatus::expired:
      return tr("期限切れ", "expired");
  }
  return {};
}

std::string label(Service v) {
  switch (v) {
    case Service::x:
      return "X";
    case Service::facebook:
      return "Facebook";
    case Service::instagram:
      return "Instagram";
    case Service::line:
      return "LINE";
    case Service::youtube:
      return "YouTube";
    case Service::tiktok:
      return "TikTok";
    case Service::note:
      return "note";
    case Service::other:
      return tr("その他", "other");
  }
  return {};
}

}  // namespace keiyaku::registry
