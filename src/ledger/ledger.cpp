#include "ledger.hpp"

#include <base/file.hpp>
#include <base/i18n.hpp>
#include <base/strings.hpp>
#include <base/value_names.hpp>
#include <base/word_table.hpp>
#include <docx/sheet.hpp>
#include <registry/corporate_number.hpp>
#include <registry/status.hpp>
#include <text/encoding.hpp>

#include <algorithm>
#include <functional>
#include <set>

namespace keiyaku::embedded {
std::string_view ledger_columns_tsv();
std::string_view ledger_values_tsv();
}  // namespace keiyaku::embedded

namespace keiyaku::ledger {

namespace reg = registry;

namespace {

const WordTable& columns() {
  static const WordTable table("ledger_columns.tsv", embedded::ledger_columns_tsv());
  return table;
}

const WordTable& value_names() {
  static const WordTable table("option_values.tsv", embedded::ledger_values_tsv());
  return table;
}

const char* key(Ledger l) {
  switch (l) {
    case Ledger::vendors:
      return "vendors";
    case Ledger::certificates:
      return "certificates";
    case Ledger::verifications:
      return "verifications";
    case Ledger::accounts:
      return "sns";
  }
  return "";
}

std::vector<std::string> strings(const std::vector<std::string_view>& v) {
  return {v.begin(), v.end()};
}

// Headings compare as option values do: full-width letters half-width, case and spaces ignored.
bool same_heading(std::string_view a, std::string_view b) {
  return fold_name(str::trim(a)) == fold_name(str::trim(b));
}

// --- Reading ---

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF. Each record
// is one spreadsheet row, so row numbers are record numbers.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty() || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

bool blank_row(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(),
                     [](const std::string& c) { return str::trim(c).empty(); });
}

Table to_table(std::vector<Table::Row> rows) {
  Table t;
  size_t i = 0;
  while (i < rows.size() && blank_row(rows[i].cells)) {
    ++i;
  }
  if (i == rows.size()) {
    return t;
  }
  t.heading_row = rows[i].number;
  t.heading = rows[i].cells;
  for (++i; i < rows.size(); ++i) {
    if (!blank_row(rows[i].cells)) {
      t.rows.push_back(std::move(rows[i]));
    }
  }
  return t;
}

// --- Cells of one row ---

class RowReader {
 public:
  RowReader(const Table::Row& row, const std::map<std::string, size_t>& columns)
      : m_row(row), m_columns(columns) {}

  std::string text(const std::string& field) const {
    const auto it = m_columns.find(field);
    if (it == m_columns.end() || it->second >= m_row.cells.size()) {
      return {};
    }
    return std::string(str::trim(m_row.cells[it->second]));
  }

 private:
  const Table::Row& m_row;
  const std::map<std::string, size_t>& m_columns;
};

std::optional<bool> yes_no(const std::string& text) {
  const std::string key = fold_name(text);
  for (const auto& [category, value] : {std::pair<const char*, bool>{"yes", true}, {"no", false}}) {
    for (const std::string& w : columns().list(category)) {
      if (fold_name(w) == key) {
        return value;
      }
    }
  }
  return std::nullopt;
}

std::string field_heading(Ledger l, const std::string& field) {
  const auto& names = columns().list(std::string(key(l)) + "." + field);
  return ui_lang() == Lang::ja && !names.empty() ? names.front() : field;
}

// A problem with one field, as a row's reason: 「有効期限: 日付ではありません: '2026/13/01'」.
std::string about(Ledger l, const std::string& field, const std::string& message) {
  return field_heading(l, field) + ": " + message;
}

Expected<reg::Date> date_of(Ledger l, const std::string& field, const std::string& text) {
  auto d = reg::parse_date(text);
  if (!d) {
    return Error(ErrorCode::invalid_input, about(l, field, d.error().message));
  }
  return *d;
}

Expected<std::optional<reg::Date>> optional_date(Ledger l,
                                                 const std::string& field,
                                                 const std::string& text) {
  if (text.empty()) {
    return std::optional<reg::Date>();
  }
  auto d = date_of(l, field, text);
  if (!d) {
    return d.error();
  }
  return std::optional<reg::Date>(*d);
}

template <typename E>
Expected<E> enum_of(Ledger l,
                    const std::string& field,
                    const std::string& category,
                    const std::vector<std::string_view>& names,
                    std::optional<E> (*parse)(std::string_view),
                    const std::string& text) {
  const auto v = parse(canonical_value(value_names(), category, strings(names), text));
  if (!v) {
    return Error(ErrorCode::invalid_input,
                 about(l, field,
                       tr("使えない値です: '", "not a value here: '") + text + "' (" +
                           str::join(strings(names), "|") + ")"));
  }
  return *v;
}

// --- Import, ledger by ledger: each returns the change a row makes, or the reason it cannot ---

struct Context {
  reg::Registry& registry;
  Ledger ledger;
  std::vector<reg::Vendor> vendors;  // as the import goes on
};

Expected<reg::Vendor> vendor_named(Context& ctx,
                                   const std::string& field,
                                   const std::string& name) {
  if (name.empty()) {
    return Error(ErrorCode::invalid_input, about(ctx.ledger, field, tr("空です", "empty")));
  }
  for (const reg::Vendor& v : ctx.vendors) {
    if (v.name == name || (v.corporate_number && *v.corporate_number == name)) {
      return v;
    }
  }
  return Error(ErrorCode::not_found,
               about(ctx.ledger, field,
                     tr("台帳にない事業者です（先に事業者を取り込んでください）: ",
                        "no such vendor in the registry (import the vendors first): ") +
                         name));
}

Expected<Change> import_vendor(Context& ctx, const RowReader& row) {
  reg::Vendor in;
  in.name = row.text("name");
  const std::string number = row.text("corporate_number");
  if (in.name.empty()) {
    return Error(ErrorCode::invalid_input, about(ctx.ledger, "name", tr("空です", "empty")));
  }
  if (!number.empty()) {
    auto n = reg::parse_corporate_number(number);
    if (!n) {
      return Error(n.error().code, about(ctx.ledger, "corporate_number", n.error().message));
    }
    in.corporate_number = *n;
  }
  in.address = row.text("address");
  in.contact = row.text("contact");
  // The same vendor: by 法人番号 when the row gives one, else by name.
  auto existing = std::find_if(ctx.vendors.begin(), ctx.vendors.end(), [&](const reg::Vendor& v) {
    return in.corporate_number ? v.corporate_number == in.corporate_number : v.name == in.name;
  });
  if (existing == ctx.vendors.end()) {
    auto added = ctx.registry.add_vendor(in);
    if (!added) {
      return added.error();
    }
    ctx.vendors.push_back(*added);
    return Change{0, Change::Action::add, added->name};
  }
  // Cells left empty keep what the registry has.
  reg::VendorPatch patch;
  std::vector<std::string> changed;
  const auto differ = [&](const std::string& field, const std::string& now, const std::string& next,
                          std::optional<std::string>& slot) {
    if (!next.empty() && now != next) {
      slot = next;
      changed.push_back(field_heading(ctx.ledger, field));
    }
  };
  differ("name", existing->name, in.name, patch.name);
  differ("corporate_number", existing->corporate_number.value_or(""),
         in.corporate_number.value_or(""), patch.corporate_number);
  differ("address", existing->address, in.address, patch.address);
  differ("contact", existing->contact, in.contact, patch.contact);
  if (changed.empty()) {
    return Change{0, Change::Action::same, existing->name};
  }
  auto edited = ctx.registry.edit_vendor(existing->id, patch);
  if (!edited) {
    return edited.error();
  }
  *existing = *edited;
  return Change{0, Change::Action::update, edited->name + " (" + str::join(changed, ", ") + ")"};
}

Expected<Change> import_certificate(Context& ctx, const RowReader& row) {
  const Ledger l = ctx.ledger;
  auto vendor = vendor_named(ctx, "vendor", row.text("vendor"));
  if (!vendor) {
    return vendor.error();
  }
  auto kind = enum_of<reg::CertKind>(l, "kind", "cert", reg::cert_kind_names(),
                                     reg::parse_cert_kind, row.text("kind"));
  if (!kind) {
    return kind.error();
  }
  reg::Certificate c;
  c.vendor_id = vendor->id;
  c.kind = *kind;
  c.number = row.text("number");
  if (c.number.empty()) {
    return Error(ErrorCode::invalid_input, about(l, "number", tr("空です", "empty")));
  }
  c.scope = row.text("scope");
  c.issuer = row.text("issuer");
  auto from = date_of(l, "valid_from", row.text("valid_from"));
  if (!from) {
    return from.error();
  }
  c.valid_from = *from;
  auto audit = optional_date(l, "audit_end", row.text("audit_end"));
  if (!audit) {
    return audit.error();
  }
  c.audit_end = *audit;
  auto to = optional_date(l, "valid_to", row.text("valid_to"));
  if (!to) {
    return to.error();
  }
  if (*to) {
    c.valid_to = **to;
  } else if (auto proposed = reg::propose_valid_to(c.kind, c.valid_from, c.audit_end)) {
    c.valid_to = *proposed;
  } else {
    return Error(
        ErrorCode::invalid_input,
        about(l, "valid_to", tr("この種類は有効期限が必要です", "required for this kind")));
  }
  const std::string what = vendor->name + ": " + reg::label(c.kind) + " " + c.number;
  auto existing = ctx.registry.list_certificates(vendor->id);
  if (!existing) {
    return existing.error();
  }
  for (const reg::Certificate& e : *existing) {
    if (e.kind == c.kind && e.number == c.number && e.valid_from == c.valid_from) {
      return Change{0, Change::Action::same, what};
    }
  }
  auto added = ctx.registry.add_certificate(c);
  if (!added) {
    return added.error();
  }
  return Change{0, Change::Action::add, what + " (" + reg::to_iso(c.valid_to) + ")"};
}

Expected<Change> import_verification(Context& ctx, const RowReader& row) {
  const Ledger l = ctx.ledger;
  auto vendor = vendor_named(ctx, "vendor", row.text("vendor"));
  if (!vendor) {
    return vendor.error();
  }
  auto on = date_of(l, "verified_on", row.text("verified_on"));
  if (!on) {
    return on.error();
  }
  auto method = enum_of<reg::VerifyMethod>(l, "method", "method", reg::verify_method_names(),
                                           reg::parse_verify_method, row.text("method"));
  if (!method) {
    return method.error();
  }
  auto result = enum_of<reg::VerifyResult>(l, "result", "result", reg::verify_result_names(),
                                           reg::parse_verify_result, row.text("result"));
  if (!result) {
    return result.error();
  }
  auto next = optional_date(l, "next_due", row.text("next_due"));
  if (!next) {
    return next.error();
  }
  reg::Verification v;
  v.vendor_id = vendor->id;
  v.verified_on = *on;
  v.method = *method;
  v.result = *result;
  v.next_due = *next;
  v.note = row.text("note");
  v.verified_by = ctx.registry.by();
  const std::string what = vendor->name + ": " + reg::to_iso(v.verified_on) + " " +
                           reg::label(v.method) + " " + reg::label(v.result);
  auto existing = ctx.registry.list_verifications(vendor->id);
  if (!existing) {
    return existing.error();
  }
  for (const reg::Verification& e : *existing) {
    if (e.verified_on == v.verified_on && e.method == v.method && e.result == v.result) {
      return Change{0, Change::Action::same, what};
    }
  }
  auto added = ctx.registry.add_verification(v);
  if (!added) {
    return added.error();
  }
  return Change{0, Change::Action::add, what};
}

Expected<Change> import_account(Context& ctx, const RowReader& row) {
  const Ledger l = ctx.ledger;
  auto service = enum_of<reg::Service>(l, "service", "service", reg::service_names(),
                                       reg::parse_service, row.text("service"));
  if (!service) {
    return service.error();
  }
  reg::Account a;
  a.service = *service;
  a.handle = row.text("handle");
  a.url = row.text("url");
  a.department = row.text("department");
  a.owner = row.text("owner");
  a.deputy = row.text("deputy");
  a.procedure_doc = row.text("procedure");
  a.listed_at = row.text("listed_at");
  a.purpose = row.text("purpose");
  std::vector<std::pair<const char*, bool*>> flags = {
      {"mfa", &a.mfa}, {"profile_names_body", &a.profile_names_body}, {"emergency", &a.emergency}};
  for (auto& [field, slot] : flags) {
    const std::string v = row.text(field);
    if (v.empty()) {
      continue;
    }
    const auto b = yes_no(v);
    if (!b) {
      return Error(
          ErrorCode::invalid_input,
          about(l, field,
                tr("はい・いいえ（○・×）のどちらかです: '", "yes or no (○ or ×): '") + v + "'"));
    }
    *slot = *b;
  }
  if (const std::string op = row.text("operator"); !op.empty()) {
    auto vendor = vendor_named(ctx, "operator", op);
    if (!vendor) {
      return vendor.error();
    }
    a.operator_id = vendor->id;
  }
  if (auto ok = reg::validate_account(a); !ok) {
    return ok.error();
  }
  const std::string ref = std::string(reg::name(a.service)) + ":" + a.handle;
  auto found = ctx.registry.find_account(ref);
  if (!found || found->retired_at) {
    if (!found && found.error().code != ErrorCode::not_found) {
      return found.error();
    }
    auto added = ctx.registry.add_account(a);
    if (!added) {
      return added.error();
    }
    return Change{0, Change::Action::add, ref};
  }
  reg::AccountPatch patch;
  std::vector<std::string> changed;
  const auto text_field = [&](const char* field, const std::string& now, const std::string& next,
                              std::optional<std::string>& slot) {
    if (!next.empty() && now != next) {
      slot = next;
      changed.push_back(field_heading(l, field));
    }
  };
  text_field("url", found->url, a.url, patch.url);
  text_field("department", found->department, a.department, patch.department);
  text_field("owner", found->owner, a.owner, patch.owner);
  text_field("deputy", found->deputy, a.deputy, patch.deputy);
  text_field("procedure", found->procedure_doc, a.procedure_doc, patch.procedure_doc);
  text_field("listed_at", found->listed_at, a.listed_at, patch.listed_at);
  text_field("purpose", found->purpose, a.purpose, patch.purpose);
  const auto flag_field = [&](const char* field, bool now, bool next, std::optional<bool>& slot) {
    if (!row.text(field).empty() && now != next) {
      slot = next;
      changed.push_back(field_heading(l, field));
    }
  };
  flag_field("mfa", found->mfa, a.mfa, patch.mfa);
  flag_field("profile_names_body", found->profile_names_body, a.profile_names_body,
             patch.profile_names_body);
  flag_field("emergency", found->emergency, a.emergency, patch.emergency);
  if (a.operator_id && a.operator_id != found->operator_id) {
    patch.operator_id = a.operator_id;
    changed.push_back(field_heading(l, "operator"));
  }
  if (changed.empty()) {
    return Change{0, Change::Action::same, ref};
  }
  auto edited = ctx.registry.edit_account(found->id, patch);
  if (!edited) {
    return edited.error();
  }
  return Change{0, Change::Action::update, ref + " (" + str::join(changed, ", ") + ")"};
}

// Field → column, from the mapping or the headings the table knows. An error names what is missing.
Expected<std::map<std::string, size_t>> match_columns(Ledger l,
                                                      const Table& table,
                                                      const Mapping& mapping,
                                                      const std::string& file_hint) {
  std::map<std::string, size_t> out;
  std::set<std::string> known;
  for (const Field& f : fields(l)) {
    known.insert(f.name);
  }
  for (const auto& [field, heading] : mapping) {
    if (known.count(field) == 0) {
      return Error(ErrorCode::usage,
                   "--map: " + field + tr(": この台帳にない項目です（", ": no such field (") +
                       str::join(std::vector<std::string>(known.begin(), known.end()), ", ") +
                       tr("）", ")"));
    }
  }
  for (const Field& f : fields(l)) {
    std::vector<std::string> names;
    if (const auto it = mapping.find(f.name); it != mapping.end()) {
      names = {it->second};
    } else {
      names = columns().list(std::string(key(l)) + "." + f.name);
      names.push_back(f.name);
    }
    bool found = false;
    for (const std::string& n : names) {
      for (size_t c = 0; c < table.heading.size() && !found; ++c) {
        if (same_heading(n, table.heading[c])) {
          out[f.name] = c;
          found = true;
        }
      }
      if (found) {
        break;
      }
    }
    if (!found && (f.required || mapping.count(f.name) != 0)) {
      return Error(ErrorCode::invalid_input,
                   file_hint + tr("列「", "no column '") + names.front() +
                       tr("」がありません（項目 ", "' for ") + f.name +
                       tr("。別の見出しなら --map ", " (another heading: --map ") + f.name +
                       tr("=見出し。見出しは ", "=HEADING; the headings are on row ") +
                       std::to_string(table.heading_row) + tr(" 行目）", ")"));
    }
  }
  return out;
}

}  // namespace

std::optional<Ledger> parse_ledger(std::string_view text) {
  const std::string v = canonical_value(value_names(), "ledger", ledger_names(), text);
  for (Ledger l :
       {Ledger::vendors, Ledger::certificates, Ledger::verifications, Ledger::accounts}) {
    if (v == key(l)) {
      return l;
    }
  }
  return std::nullopt;
}

std::vector<std::string> ledger_names() {
  return {"vendors", "certificates", "verifications", "sns"};
}

std::vector<Field> fields(Ledger l) {
  std::vector<std::pair<const char*, bool>> list;
  switch (l) {
    case Ledger::vendors:
      list = {{"name", true}, {"corporate_number", false}, {"address", false}, {"contact", false}};
      break;
    case Ledger::certificates:
      list = {{"vendor", true},    {"kind", true},   {"number", true},  {"valid_from", true},
              {"valid_to", false}, {"scope", false}, {"issuer", false}, {"audit_end", false}};
      break;
    case Ledger::verifications:
      list = {{"vendor", true}, {"verified_on", true}, {"method", true},
              {"result", true}, {"next_due", false},   {"note", false}};
      break;
    case Ledger::accounts:
      list = {{"service", true},    {"handle", true},
              {"url", true},        {"department", true},
              {"owner", true},      {"deputy", false},
              {"procedure", false}, {"listed_at", false},
              {"mfa", false},       {"profile_names_body", false},
              {"emergency", false}, {"purpose", false},
              {"operator", false}};
      break;
  }
  std::vector<Field> out;
  out.reserve(list.size());
  for (const auto& [name, required] : list) {
    out.push_back(Field{name, required, field_heading(l, name)});
  }
  return out;
}

Expected<Table> read_table(const std::string& path, const std::string& sheet) {
  const std::string lower = str::to_lower_ascii(path);
  std::vector<Table::Row> rows;
  if (str::ends_with(lower, ".xlsx") || str::ends_with(lower, ".xlsm")) {
    auto cells = docx::read_sheet(path, sheet);
    if (!cells) {
      return cells.error();
    }
    for (docx::SheetRow& r : *cells) {
      rows.push_back(Table::Row{r.number, std::move(r.cells)});
    }
  } else {
    if (!sheet.empty()) {
      return Error(ErrorCode::usage, path + tr(": --sheet は .xlsx のときだけ使えます",
                                               ": --sheet is for .xlsx files"));
    }
    auto bytes = file::read(path, size_t{64} << 20U);
    if (!bytes) {
      return bytes.error();
    }
    const text::DecodedText decoded = text::decode_text(*bytes);
    if (!decoded.readable) {
      return Error(ErrorCode::invalid_input,
                   path + tr(": CSV として読めません（UTF-8 でも Shift_JIS でもない）",
                             ": not a CSV file (neither UTF-8 nor Shift_JIS)"));
    }
    int n = 0;
    for (auto& record : parse_csv(decoded.text)) {
      rows.push_back(Table::Row{++n, std::move(record)});
    }
  }
  Table t = to_table(std::move(rows));
  if (t.heading.empty()) {
    return Error(ErrorCode::invalid_input,
                 path + tr(": 見出しの行がありません（空です）", ": empty: no heading row"));
  }
  return t;
}

Expected<Result> import_table(reg::Registry& registry,
                              Ledger ledger,
                              const Table& table,
                              const Mapping& mapping,
                              DryRun dry_run) {
  auto cols = match_columns(ledger, table, mapping, "");
  if (!cols) {
    return cols.error();
  }
  auto vendors = registry.list_vendors();
  if (!vendors) {
    return vendors.error();
  }
  Context ctx{registry, ledger, std::move(*vendors)};
  Result result;
  const std::function<Expected<Change>(Context&, const RowReader&)> one =
      ledger == Ledger::vendors         ? import_vendor
      : ledger == Ledger::certificates  ? import_certificate
      : ledger == Ledger::verifications ? import_verification
                                        : import_account;
  // A sentinel error rolls the transaction back after a dry run or a refused row.
  const Error roll_back(ErrorCode::conflict, "roll back");
  Status st = registry.all_or_nothing([&]() -> Status {
    for (const Table::Row& row : table.rows) {
      auto change = one(ctx, RowReader(row, *cols));
      if (!change) {
        if (change.error().code == ErrorCode::database ||
            change.error().code == ErrorCode::internal) {
          return change.error();
        }
        result.problems.push_back(Problem{row.number, change.error().message});
        continue;
      }
      change->row = row.number;
      result.changes.push_back(std::move(*change));
    }
    if (!result.problems.empty() || dry_run == DryRun::yes) {
      return roll_back;
    }
    return {};
  });
  if (!st && st.error().message != roll_back.message) {
    return st.error();
  }
  result.written = static_cast<bool>(st);
  return result;
}

Expected<std::vector<report::TableSheet>> export_sheets(reg::Registry& registry) {
  auto vendors = registry.list_vendors();
  auto certs = registry.list_certificates(std::nullopt);
  auto verifs = registry.list_verifications(std::nullopt);
  auto accounts = registry.list_accounts(reg::IncludeRetired::yes);
  for (const Status& s :
       {vendors ? Status{} : Status(vendors.error()), certs ? Status{} : Status(certs.error()),
        verifs ? Status{} : Status(verifs.error()),
        accounts ? Status{} : Status(accounts.error())}) {
    if (!s) {
      return s.error();
    }
  }
  // In the order they were registered, so that a fresh registry importing the sheets numbers
  // them the same way.
  std::sort(vendors->begin(), vendors->end(),
            [](const reg::Vendor& a, const reg::Vendor& b) { return a.id < b.id; });
  std::map<int64_t, std::string> names;
  for (const reg::Vendor& v : *vendors) {
    names[v.id] = v.name;
  }
  const auto heading = [](Ledger l) {
    std::vector<std::string> h;
    for (const Field& f : fields(l)) {
      h.push_back(f.heading);
    }
    return h;
  };
  const auto optional_date_text = [](const std::optional<reg::Date>& d) {
    return d ? reg::to_iso(*d) : std::string();
  };
  const auto yes = [](bool b) { return b ? std::string("○") : std::string("×"); };
  std::vector<report::TableSheet> out;

  report::TableSheet v{tr("事業者", "Vendors"), heading(Ledger::vendors), {}, {36, 16, 40, 24}};
  v.header.push_back(tr("状態", "status"));
  v.header.push_back(tr("次回の期限", "next due"));
  for (const reg::Vendor& x : *vendors) {
    auto status = registry.vendor_status(x.id);
    if (!status) {
      return status.error();
    }
    v.rows.push_back({x.name, x.corporate_number.value_or(""), x.address, x.contact,
                      reg::label(status->status),
                      status->next_due ? reg::to_iso(*status->next_due) : std::string()});
  }
  out.push_back(std::move(v));

  report::TableSheet c{tr("認証", "Certificates"),
                       heading(Ledger::certificates),
                       {},
                       {30, 16, 18, 14, 14, 30, 20, 14}};
  for (const reg::Certificate& x : *certs) {
    c.rows.push_back({names[x.vendor_id], reg::label(x.kind), x.number, reg::to_iso(x.valid_from),
                      reg::to_iso(x.valid_to), x.scope, x.issuer, optional_date_text(x.audit_end)});
  }
  out.push_back(std::move(c));

  report::TableSheet y{
      tr("確認", "Verifications"), heading(Ledger::verifications), {}, {30, 14, 16, 12, 14, 40}};
  y.header.push_back(tr("確認者", "verified by"));
  y.header.push_back(tr("証跡", "evidence"));
  y.header.push_back("SHA-256");
  for (const reg::Verification& x : *verifs) {
    y.rows.push_back({names[x.vendor_id], reg::to_iso(x.verified_on), reg::label(x.method),
                      reg::label(x.result), optional_date_text(x.next_due), x.note, x.verified_by,
                      x.evidence_path.value_or(""), x.evidence_sha256.value_or("")});
  }
  out.push_back(std::move(y));

  report::TableSheet s{tr("SNSアカウント", "SNS accounts"),
                       heading(Ledger::accounts),
                       {},
                       {12, 20, 36, 16, 16, 16, 24, 30, 8, 8, 8, 24, 24}};
  s.header.push_back(tr("最終点検日", "last review"));
  s.header.push_back(tr("最終投稿日", "last post"));
  s.header.push_back(tr("廃止", "retired"));
  for (const reg::Account& x : *accounts) {
    s.rows.push_back(
        {reg::label(x.service), x.handle, x.url, x.department, x.owner, x.deputy, x.procedure_doc,
         x.listed_at, yes(x.mfa), yes(x.profile_names_body), yes(x.emergency), x.purpose,
         x.operator_id ? names[*x.operator_id] : std::string(), optional_date_text(x.last_review),
         optional_date_text(x.last_post), x.retired_at.value_or("")});
  }
  out.push_back(std::move(s));
  return out;
}

}  // namespace keiyaku::ledger
