#include "rule.hpp"

namespace keiyaku::core {

const char* status_name(Status status) {
  switch (status) {
    case Status::satisfied: return "satisfied";
    case Status::weak: return "weak";
    case Status::contradicted: return "contradicted";
    case Status::missing: return "missing";
    case Status::not_applicable: return "not_applicable";
  }
  return "missing";
}

bool parse_status(std::string_view name, Status& out) {
  for (Status s : {Status::satisfied, Status::weak, Status::contradicted, Status::missing,
                   Status::not_applicable}) {
    if (name == status_name(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

const char* applies_name(Applies applies) {
  switch (applies) {
    case Applies::always: return "always";
    case Applies::personal_data: return "personal_data";
    case Applies::system_work: return "system_work";
    case Applies::remote_access: return "remote_access";
    case Applies::terms_of_service: return "terms_of_service";
  }
  return "always";
}

}  // namespace keiyaku::core
