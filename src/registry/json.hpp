#pragma once

// JSON views of the registry records, with a fixed key order: the same objects are written to
// history (before/after) and printed by `--format json`.

#include <registry/model.hpp>

#include <nlohmann/json.hpp>

namespace keiyaku::registry {

using Json = nlohmann::ordered_json;

Json to_json(const Vendor& v);
Json to_json(const Certificate& c);
Json to_json(const Verification& v);
Json to_json(const Contract& c);
Json to_json(const ContractRef& c);
Json to_json(const Subcontract& s);
Json to_json(const Account& a);
Json to_json(const Waiver& w);
Json to_json(const HistoryEntry& h);
Json to_json(const StatusInfo& s);
Json to_json(const DueItem& d);
Json to_json(const SnsProblem& p);

/// null for an empty optional, else the ISO date.
Json date_or_null(const std::optional<Date>& d);

}  // namespace keiyaku::registry
