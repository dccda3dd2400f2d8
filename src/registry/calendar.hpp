#pragma once

// `keiyaku vendor due --format ics`: what is due, as an iCalendar file (RFC 5545) that a calendar
// program or a shared mailbox calendar imports.

#include <registry/dates.hpp>
#include <registry/model.hpp>

#include <string>
#include <vector>

namespace keiyaku::registry {

/// One all-day event per item on its due date (verifications due, certificates expiring, vendors
/// never verified), with a UID that stays the same from one run to the next so that re-importing
/// updates events instead of doubling them. Lines end in CRLF and are folded at 75 octets without
/// splitting a UTF-8 character. DTSTAMP is `clock`'s moment in UTC. Pure function.
std::string due_calendar(const std::vector<DueItem>& items, const Clock& clock);

/// Whether an item is overdue: its date has passed, or the vendor has never been verified.
bool is_overdue(const DueItem& item);

}  // namespace keiyaku::registry
