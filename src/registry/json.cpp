#include "json.hpp"

namespace keiyaku::registry {

namespace {
template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}
}  // namespace

Json date_or_null(const std::optional<Date>& d) {
  return d ? Json(to_iso(*d)) : Json(nullptr);
}

Json to_json(const Vendor& v) {
  Json j;
  j["id"] = v.id;
  j["name"] = v.name;
  j["corporate_number"] = opt(v.corporate_number);
  j["address"] = v.address;
  j["contact"] = v.contact;
  j["created_at"] = v.created_at;
  j["updated_at"] = v.updated_at;
  return j;
}

Json to_json(const Certificate& c) {
  Json j;
  j["id"] = c.id;
  j["vendor_id"] = c.vendor_id;
  j["kind"] = std::string(name(c.kind));
  j["number"] = c.number;
  j["scope"] = c.scope;
  j["issuer"] = c.issuer;
  j["valid_from"] = to_iso(c.valid_from);
  j["valid_to"] = to_iso(c.valid_to);
  j["audit_end"] = date_or_null(c.audit_end);
  j["created_at"] = c.created_at;
  return j;
}

Json to_json(const Verification& v) {
  Json j;
  j["id"] = v.id;
  j["vendor_id"] = v.vendor_id;
  j["verified_on"] = to_iso(v.verified_on);
  j["method"] = std::string(name(v.method));
  j["result"] = std::string(name(v.result));
  j["evidence_path"] = opt(v.evidence_path);
  j["evidence_sha256"] = opt(v.evidence_sha256);
  j["note"] = v.note;
  j["next_due"] = date_or_null(v.next_due);
  j["verified_by"] = v.verified_by;
  j["created_at"] = v.created_at;
  return j;
}

Json to_json(const Contract& c) {
  Json j;
  j["id"] = c.id;
  j["path"] = c.path;
  j["sha256"] = c.sha256;
  j["title"] = c.title;
  j["vendor_id"] = opt(c.vendor_id);
  j["created_at"] = c.created_at;
  return j;
}

Json to_json(const ContractRef& c) {
  Json j;
  j["id"] = opt(c.id);
  j["ref"] = c.text;
  return j;
}

Json to_json(const Subcontract& s) {
  Json j;
  j["id"] = s.id;
  j["vendor_id"] = s.vendor_id;
  j["subcontractor_id"] = s.subcontractor_id;
  j["contract"] = to_json(s.contract);
  j["approved_on"] = date_or_null(s.approved_on);
  j["approval_doc"] = s.approval_doc;
  j["created_at"] = s.created_at;
  return j;
}

Json to_json(const Account& a) {
  Json j;
  j["id"] = a.id;
  j["service"] = std::string(name(a.service));
  j["handle"] = a.handle;
  j["url"] = a.url;
  j["department"] = a.department;
  j["owner"] = a.owner;
  j["owner_department"] = a.owner_department;
  j["deputy"] = a.deputy;
  j["procedure"] = a.procedure_doc;
  j["listed_at"] = a.listed_at;
  j["profile_names_body"] = a.profile_names_body;
  j["mfa"] = a.mfa;
  j["operator_id"] = opt(a.operator_id);
  j["purpose"] = a.purpose;
  j["emergency"] = a.emergency;
  j["last_review"] = date_or_null(a.last_review);
  j["last_post"] = date_or_null(a.last_post);
  j["created_at"] = a.created_at;
  j["updated_at"] = a.updated_at;
  j["retired_at"] = opt(a.retired_at);
  j["retire_reason"] = a.retire_reason;
  return j;
}

Json to_json(const Waiver& w) {
  Json j;
  j["id"] = w.id;
  j["contract"] = to_json(w.contract);
  j["sha256"] = w.sha256;
  j["requirement_id"] = w.requirement_id;
  j["reason"] = w.reason;
  j["approver"] = w.approver;
  j["until"] = to_iso(w.until);
  j["created_at"] = w.created_at;
  j["created_by"] = w.created_by;
  return j;
}

Json to_json(const HistoryEntry& h) {
  Json j;
  j["id"] = h.id;
  j["at"] = h.at;
  j["by"] = h.by;
  j["entity"] = h.entity;
  j["entity_id"] = h.entity_id;
  j["action"] = h.action;
  j["before"] = h.before ? Json::parse(*h.before, nullptr, false) : Json(nullptr);
  j["after"] = h.after ? Json::parse(*h.after, nullptr, false) : Json(nullptr);
  j["prev_hash"] = h.prev_hash;
  j["hash"] = h.hash;
  return j;
}

Json to_json(const StatusInfo& s) {
  Json j;
  j["status"] = std::string(name(s.status));
  j["status_ja"] = std::string(label_ja(s.status));
  j["reason"] = s.reason;
  j["next_due"] = date_or_null(s.next_due);
  return j;
}

Json to_json(const DueItem& d) {
  Json j;
  switch (d.kind) {
    case DueItem::Kind::verification:
      j["kind"] = "verification";
      break;
    case DueItem::Kind::certificate:
      j["kind"] = "certificate";
      break;
    case DueItem::Kind::unverified:
      j["kind"] = "unverified";
      break;
  }
  j["due"] = to_iso(d.due);
  j["days_left"] = d.days_left;
  j["vendor_id"] = d.vendor_id;
  j["vendor"] = d.vendor_name;
  j["certificate_id"] = opt(d.certificate_id);
  j["what"] = d.what;
  return j;
}

Json to_json(const SnsProblem& p) {
  Json j;
  j["account_id"] = p.account_id;
  j["account"] = p.account;
  j["rule"] = p.rule_id;
  j["message"] = p.message;
  return j;
}

}  // namespace keiyaku::registry
