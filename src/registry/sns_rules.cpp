#include "sns_rules.hpp"

#include "status.hpp"

#include <base/i18n.hpp>
#include <base/strings.hpp>

namespace keiyaku::registry {

std::string account_label(const Account& a) {
  std::string handle = a.handle;
  if (!handle.empty() && handle[0] != '@' &&
      (a.service == Service::x || a.service == Service::instagram || a.service == Service::tiktok ||
       a.service == Service::youtube)) {
    handle.insert(0, "@");
  }
  return std::string(name(a.service)) + ":" + handle;
}

std::vector<SnsProblem> check_account(const Account& a, const OperatorInfo* op, Date today) {
  std::vector<SnsProblem> out;
  const std::string who = account_label(a);
  auto add = [&](const char* rule, std::string message) {
    out.push_back(SnsProblem{a.id, who, rule, std::move(message)});
  };
  if (str::trim(a.procedure_doc).empty()) {
    add("SNS-01", tr("運用手順（運用方針）の文書が登録されていません",
                     "no operating procedure (運用手順) document recorded"));
  }
  if (str::trim(a.owner).empty()) {
    add("SNS-02", tr("責任者が登録されていません", "no owner (責任者) recorded"));
  }
  if (str::trim(a.deputy).empty()) {
    add("SNS-02", tr("副責任者（代理）が登録されていません", "no deputy recorded"));
  }
  if (!str::trim(a.owner).empty() && a.owner_department != a.department) {
    add("SNS-02", tr("所管が「", "the department changed from '") + a.owner_department +
                      tr("」から「", "' to '") + a.department +
                      tr("」に変わったのに責任者（", "' but the owner (") + a.owner +
                      tr("）が変わっていません（keiyaku sns set-owner で更新・確認）",
                         ") was not changed or confirmed (keiyaku sns set-owner)"));
  }
  if (str::trim(a.listed_at).empty()) {
    add("SNS-04", tr("団体の公式サイトに掲載されていません（なりすまし対策）",
                     "not listed on the body's own website (anti-impersonation)"));
  }
  if (!a.profile_names_body) {
    add("SNS-04", tr("プロフィールに運用団体名がありません（なりすまし対策）",
                     "the profile does not name the body (anti-impersonation)"));
  }
  if (!a.mfa) {
    add("SNS-05", tr("多要素認証が有効になっていません", "multi-factor authentication is off"));
  }
  const std::optional<Date> reviewed = a.last_review ? a.last_review : timestamp_date(a.created_at);
  if (reviewed && add_months(*reviewed, k_review_months) < today) {
    add("SNS-05", (a.last_review ? tr("12か月以上点検されていません（最終点検 ",
                                      "not reviewed in 12 months (last review ")
                                 : tr("登録以来12か月以上点検されていません（登録 ",
                                      "never reviewed in the 12 months since it was added (")) +
                      to_iso(*reviewed) +
                      tr("）: 認証情報を知る者・連携アプリを確認してください",
                         "): check who holds the credentials and which apps are linked"));
  }
  if (a.last_post && days_between(*a.last_post, today) > k_dormant_days) {
    add("SNS-06", tr("休眠状態です（最終投稿 ", "dormant: no post since ") + to_iso(*a.last_post) +
                      tr("）: 乗っ取り防止のため停止・削除を検討してください",
                         "; suspend or close it against takeover"));
  }
  if (a.emergency && str::trim(a.listed_at).empty()) {
    add("SNS-07",
        tr("緊急・防災情報に使うが、同じ情報を載せる公式サイトのページが登録されていません",
           "used for emergency information, but no page of the body's own site is "
           "recorded to carry the same information"));
  }
  if (op != nullptr && op->status.status != VendorStatus::verified) {
    add("SNS-08", tr("運用委託先「", "operated by '") + op->name +
                      tr("」のセキュリティ確認が ", "', whose security verification is ") +
                      label(op->status.status) + tr(" です（", " (") + op->status.reason +
                      tr("）", ")"));
  }
  return out;
}

}  // namespace keiyaku::registry
