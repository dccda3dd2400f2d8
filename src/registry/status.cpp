#include "status.hpp"

#include <base/i18n.hpp>

#include <algorithm>
#include <tuple>

namespace keiyaku::registry {

const Verification* latest_verification(const std::vector<Verification>& verifications) {
  const Verification* best = nullptr;
  for (const Verification& v : verifications) {
    if (best == nullptr || std::tie(v.verified_on, v.id) > std::tie(best->verified_on, best->id)) {
      best = &v;
    }
  }
  return best;
}

std::vector<const Certificate*> current_certificates(const std::vector<Certificate>& certificates) {
  std::vector<const Certificate*> out;
  for (const Certificate& c : certificates) {
    bool superseded = false;
    for (const Certificate& o : certificates) {
      if (&o != &c && o.kind == c.kind && o.number == c.number &&
          std::tie(o.valid_to, o.id) > std::tie(c.valid_to, c.id)) {
        superseded = true;
        break;
      }
    }
    if (!superseded) {
      out.push_back(&c);
    }
  }
  return out;
}

StatusInfo derive_status(const std::vector<Certificate>& certificates,
                         const std::vector<Verification>& verifications,
                         Date today) {
  StatusInfo info;
  const Verification* latest = latest_verification(verifications);
  if (latest != nullptr) {
    info.latest_verification = latest->id;
    info.next_due = latest->next_due;
  }
  if (latest != nullptr && latest->result != VerifyResult::ok) {
    info.status = VendorStatus::needs_fix;
    info.reason = tr("直近の確認（", "latest verification (") + to_iso(latest->verified_on) + ", " +
                  label(latest->method) + tr("）の結果: ", "): ") + label(latest->result);
    return info;
  }
  if (latest != nullptr && latest->next_due && *latest->next_due < today) {
    info.status = VendorStatus::expired;
    info.reason = tr("確認期限 ", "verification was due on ") + to_iso(*latest->next_due) +
                  tr(" を過ぎています", "");
    return info;
  }
  if (!certificates.empty()) {
    Date last = certificates.front().valid_to;
    bool all_expired = true;
    for (const Certificate& c : certificates) {
      last = std::max(last, c.valid_to);
      all_expired = all_expired && c.valid_to < today;
    }
    if (all_expired) {
      info.status = VendorStatus::expired;
      info.reason = tr("すべての認証の有効期限が切れています（最終 ",
                       "every certificate has expired (the last on ") +
                    to_iso(last) + tr("）", ")");
      return info;
    }
  }
  if (latest != nullptr) {
    info.status = VendorStatus::verified;
    info.reason =
        tr("", "verified on ") + to_iso(latest->verified_on) + tr(" に確認", "") +
        (latest->next_due ? tr("（次回 ", " (next due ") + to_iso(*latest->next_due) + tr("）", ")")
                          : std::string());
    return info;
  }
  info.status = VendorStatus::unverified;
  info.reason = tr("確認の記録がありません", "no verification recorded");
  return info;
}

std::optional<Date> timestamp_date(const std::string& timestamp) {
  if (timestamp.size() < 10) {
    return std::nullopt;
  }
  auto d = parse_date(std::string_view(timestamp).substr(0, 10));
  if (!d) {
    return std::nullopt;
  }
  return *d;
}

std::vector<DueItem> due_items(const Vendor& vendor,
                               const std::vector<Certificate>& certificates,
                               const std::vector<Verification>& verifications,
                               Date today,
                               Date until) {
  std::vector<DueItem> out;
  auto push = [&](DueItem::Kind kind, Date due, std::string what,
                  std::optional<int64_t> cert = std::nullopt) {
    DueItem item;
    item.kind = kind;
    item.due = due;
    item.vendor_id = vendor.id;
    item.vendor_name = vendor.name;
    item.certificate_id = cert;
    item.what = std::move(what);
    item.days_left = days_between(today, due);
    out.push_back(std::move(item));
  };
  const Verification* latest = latest_verification(verifications);
  if (latest == nullptr) {
    const Date since = timestamp_date(vendor.created_at).value_or(today);
    push(DueItem::Kind::unverified, std::min(since, today),
         tr("確認（未確認）", "verification (never verified)"));
  } else if (latest->next_due) {
    if (*latest->next_due <= until) {
      push(DueItem::Kind::verification, *latest->next_due,
           latest->result == VerifyResult::ok ? tr("定期確認", "periodic verification")
                                              : tr("是正の確認", "follow-up of a needed fix"));
    }
  } else if (latest->result != VerifyResult::ok) {
    push(DueItem::Kind::verification, latest->verified_on,
         tr("是正の確認（期限未設定）", "follow-up of a needed fix (no due date set)"));
  }
  for (const Certificate* c : current_certificates(certificates)) {
    if (c->valid_to <= until) {
      push(DueItem::Kind::certificate, c->valid_to,
           tr("認証の更新: ", "certificate renewal: ") + label(c->kind) + " " + c->number, c->id);
    }
  }
  return out;
}

void sort_due(std::vector<DueItem>& items) {
  std::stable_sort(items.begin(), items.end(), [](const DueItem& a, const DueItem& b) {
    return std::tie(a.due, a.vendor_name, a.what) < std::tie(b.due, b.vendor_name, b.what);
  });
}

namespace {

struct Lifecycle {
  int months;       // 0: unknown
  bool from_audit;  // counted from the end of the audited period
};

Lifecycle lifecycle(CertKind kind) {
  switch (kind) {
    case CertKind::isms:
    case CertKind::iso27017:
    case CertKind::iso27018:
      return {36, false};
    case CertKind::pmark:
      return {24, false};
    case CertKind::soc2:
      return {12, false};
    case CertKind::ismap:
    case CertKind::ismap_liu:
      return {16, true};
    case CertKind::other:
      return {0, false};
  }
  return {0, false};
}

std::string lifecycle_text(CertKind kind) {
  switch (kind) {
    case CertKind::isms:
    case CertKind::iso27017:
    case CertKind::iso27018:
      return tr("3年", "3 years");
    case CertKind::pmark:
      return tr("2年", "2 years");
    case CertKind::soc2:
      return tr("1年", "1 year");
    case CertKind::ismap:
    case CertKind::ismap_liu:
      return tr("監査対象期間の末日から1年4か月",
                "1 year 4 months after the end of the audited period");
    case CertKind::other:
      return {};
  }
  return {};
}

}  // namespace

std::optional<Date> propose_valid_to(CertKind kind,
                                     Date valid_from,
                                     std::optional<Date> audit_end) {
  const Lifecycle l = lifecycle(kind);
  if (l.months == 0) {
    return std::nullopt;
  }
  if (l.from_audit) {
    // 末日の翌日から起算して1年4か月を経過する日まで.
    return add_days(add_months(add_days(audit_end.value_or(valid_from), 1), l.months), -1);
  }
  return add_days(add_months(valid_from, l.months), -1);
}

std::vector<std::string> certificate_warnings(const Certificate& c, Date today) {
  std::vector<std::string> out;
  const Lifecycle l = lifecycle(c.kind);
  if (c.audit_end && !l.from_audit) {
    out.push_back(tr("監査対象期間の末日は ISMAP / ISMAP-LIU にだけ使います",
                     "an audit end date only applies to ISMAP / ISMAP-LIU"));
  }
  if (l.months > 0) {
    const Date base = l.from_audit && c.audit_end ? *c.audit_end : c.valid_from;
    const Date limit = l.from_audit ? add_days(add_months(add_days(base, 1), l.months), -1)
                                    : add_days(add_months(base, l.months), -1);
    // A month of slack for certificates issued a little early or late.
    if (c.valid_to > add_days(limit, 31)) {
      out.push_back(tr("有効期限 ", "valid-to ") + to_iso(c.valid_to) +
                    tr(" は不自然です: ", " looks wrong: ") + label(c.kind) +
                    tr(" の有効期間は通常 ", " is normally valid for ") + lifecycle_text(c.kind) +
                    tr("（", " (until ") + to_iso(limit) + tr(" まで）", ")"));
    }
  }
  if (c.valid_to < today) {
    out.push_back(
        tr("この認証は既に有効期限が切れています（", "this certificate has already expired (") +
        to_iso(c.valid_to) + tr("）", ")"));
  }
  return out;
}

}  // namespace keiyaku::registry
