#include "document.hpp"

namespace keiyaku::core {

const char* part_name(Part part) {
  switch (part) {
    case Part::body: return "body";
    case Part::textbox: return "textbox";
    case Part::header: return "header";
    case Part::footer: return "footer";
    case Part::footnote: return "footnote";
    case Part::endnote: return "endnote";
    case Part::comment: return "comment";
  }
  return "body";
}

const char* risk_severity_name(RiskSeverity severity) {
  switch (severity) {
    case RiskSeverity::info: return "info";
    case RiskSeverity::low: return "low";
    case RiskSeverity::medium: return "medium";
    case RiskSeverity::high: return "high";
    case RiskSeverity::critical: return "critical";
  }
  return "medium";
}

}  // namespace keiyaku::core
