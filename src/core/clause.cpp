#include "clause.hpp"

namespace keiyaku::core {

const char* actor_name(Actor actor) {
  switch (actor) {
    case Actor::unknown: return "unknown";
    case Actor::body: return "body";
    case Actor::vendor: return "vendor";
    case Actor::subcontractor: return "subcontractor";
    case Actor::both: return "both";
  }
  return "unknown";
}

}  // namespace keiyaku::core
