#include "calendar.hpp"

#include <base/i18n.hpp>

#include <algorithm>
#include <cstdio>

namespace keiyaku::registry {

namespace {

std::string compact(Date d) {
  std::string iso = to_iso(d);  // 2026-04-01
  iso.erase(std::remove(iso.begin(), iso.end(), '-'), iso.end());
  return iso;
}

// TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11).
std::string escape_text(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '\\':
      case ';':
      case ',':
        out += '\\';
        out += c;
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A content line folded at 75 octets (3.1): continuation lines start with one space, and a
// multi-byte UTF-8 character is never cut.
void add_line(std::string& out, const std::string& line) {
  size_t start = 0;
  size_t limit = 75;
  while (line.size() - start > limit) {
    size_t cut = start + limit;
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0U) == 0x80U) {
      --cut;
    }
    out.append(line, start, cut - start);
    out += "\r\n ";
    start = cut;
    limit = 74;  // the leading space counts
  }
  out.append(line, start, std::string::npos);
  out += "\r\n";
}

// "2026-04-01T09:30:00+09:00" → "20260401T003000Z"; a timestamp without a time is midnight UTC.
std::string utc_stamp(const Clock& clock) {
  const std::string& t = clock.timestamp;
  int y = 0;
  int mo = 0;
  int d = 0;
  int h = 0;
  int mi = 0;
  int s = 0;
  if (std::sscanf(t.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 3 ||
      !is_valid(y, mo, d)) {
    return compact(clock.today) + "T000000Z";
  }
  int offset_minutes = 0;
  const size_t tpos = t.find('T');
  if (tpos != std::string::npos) {
    const size_t sign = t.find_first_of("+-", tpos);
    int oh = 0;
    int om = 0;
    if (sign != std::string::npos && std::sscanf(t.c_str() + sign + 1, "%d:%d", &oh, &om) >= 1) {
      offset_minutes = (oh * 60 + om) * (t[sign] == '-' ? -1 : 1);
    }
  }
  int64_t minutes = to_days(Date{y, mo, d}) * 1440 + h * 60 + mi - offset_minutes;
  const int64_t days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  minutes -= days * 1440;
  const auto two = [](int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  return compact(from_days(days)) + "T" + two(minutes / 60) + two(minutes % 60) + two(s) + "Z";
}

const char* kind_key(DueItem::Kind k) {
  switch (k) {
    case DueItem::Kind::verification:
      return "verification";
    case DueItem::Kind::certificate:
      return "certificate";
    case DueItem::Kind::unverified:
      return "unverified";
  }
  return "item";
}

}  // namespace

bool is_overdue(const DueItem& item) {
  return item.days_left < 0 || item.kind == DueItem::Kind::unverified;
}

std::string due_calendar(const std::vector<DueItem>& items, const Clock& clock) {
  std::string out;
  add_line(out, "BEGIN:VCALENDAR");
  add_line(out, "VERSION:2.0");
  add_line(out, "PRODID:-//keiyaku//vendor due//JA");
  add_line(out, "CALSCALE:GREGORIAN");
  add_line(out, "METHOD:PUBLISH");
  add_line(out, "X-WR-CALNAME:" + escape_text(tr("keiyaku 委託先の確認・認証期限",
                                                 "keiyaku vendor verifications and certificates")));
  const std::string stamp = utc_stamp(clock);
  for (const DueItem& item : items) {
    std::string uid =
        std::string("keiyaku-") + kind_key(item.kind) + "-" + std::to_string(item.vendor_id);
    if (item.certificate_id) {
      uid += "-" + std::to_string(*item.certificate_id);
    }
    uid += "-" + compact(item.due) + "@keiyaku";
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:" + uid);
    add_line(out, "DTSTAMP:" + stamp);
    add_line(out, "DTSTART;VALUE=DATE:" + compact(item.due));
    add_line(out, "DTEND;VALUE=DATE:" + compact(add_days(item.due, 1)));
    add_line(out, "SUMMARY:" + escape_text(item.vendor_name + tr("：", ": ") + item.what));
    std::string description = tr("期限: ", "due: ") + to_iso(item.due);
    if (item.days_left < 0) {
      description +=
          tr("（", " (") + std::to_string(-item.days_left) + tr("日超過）", " days overdue)");
    }
    description += "\n" + tr("事業者ID: ", "vendor id: ") + std::to_string(item.vendor_id);
    description += "\nkeiyaku vendor show " + std::to_string(item.vendor_id);
    add_line(out, "DESCRIPTION:" + escape_text(description));
    add_line(out, "CATEGORIES:" + std::string(kind_key(item.kind)));
    add_line(out, "TRANSP:TRANSPARENT");
    add_line(out, "END:VEVENT");
  }
  add_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace keiyaku::registry
