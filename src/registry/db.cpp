#include "db.hpp"

#include <base/i18n.hpp>

#include <sqlite3.h>

#include <utility>

namespace keiyaku::registry {

// --- Statement ---

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_stmt(std::exchange(other.m_stmt, nullptr)),
      m_bind_rc(other.m_bind_rc) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_db = std::exchange(other.m_db, nullptr);
    m_stmt = std::exchange(other.m_stmt, nullptr);
    m_bind_rc = other.m_bind_rc;
  }
  return *this;
}

Statement::~Statement() {
  sqlite3_finalize(m_stmt);
}

void Statement::note_bind(int rc) {
  if (rc != SQLITE_OK && m_bind_rc == SQLITE_OK) {
    m_bind_rc = rc;
  }
}

Statement& Statement::bind(int index, int64_t value) {
  note_bind(sqlite3_bind_int64(m_stmt, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  note_bind(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_null(int index) {
  note_bind(sqlite3_bind_null(m_stmt, index));
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Expected<bool> Statement::step() {
  if (m_bind_rc != SQLITE_OK) {
    return Error(ErrorCode::internal, std::string("sqlite bind: ") + sqlite3_errstr(m_bind_rc));
  }
  const int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  const char* sql = sqlite3_sql(m_stmt);
  std::string context = sql != nullptr ? std::string(sql).substr(0, 40) : std::string("step");
  // Reset so that the connection's error is not left on a half-run statement.
  Error e(rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::conflict
                                                                      : ErrorCode::database,
          context + ": " + sqlite3_errmsg(m_db));
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    e.message = tr("台帳データベースが他の処理に使用されています（ロック待ちの時間切れ）: ",
                   "the registry is locked by another process (timed out waiting): ") +
                sqlite3_errmsg(m_db);
  }
  sqlite3_reset(m_stmt);
  return e;
}

Status Statement::run() {
  return each_row([](const Statement&) {});
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
}

int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(m_stmt, index);
}

std::string Statement::column_text(int index) const {
  const auto* p = sqlite3_column_text(m_stmt, index);
  if (p == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(m_stmt, index)));
}

std::string_view Statement::column_view(int index) const {
  const auto* p = sqlite3_column_text(m_stmt, index);
  if (p == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(p),
          static_cast<size_t>(sqlite3_column_bytes(m_stmt, index))};
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(m_stmt, index) == SQLITE_NULL;
}

std::optional<std::string> Statement::column_opt_text(int index) const {
  if (column_is_null(index)) {
    return std::nullopt;
  }
  return column_text(index);
}

std::optional<int64_t> Statement::column_opt_int(int index) const {
  if (column_is_null(index)) {
    return std::nullopt;
  }
  return column_int(index);
}

// --- Db ---

Expected<Db> Db::open(const std::string& path, DbOpen mode) {
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
    case DbOpen::read_write_create:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
    case DbOpen::read_write:
      flags |= SQLITE_OPEN_READWRITE;
      break;
    case DbOpen::read_only:
      flags |= SQLITE_OPEN_READONLY;
      break;
    case DbOpen::read_only_immutable:
      flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      break;
  }
  std::string name = path;
  if (mode == DbOpen::read_only_immutable) {
    // A URI, with the characters that URIs give a meaning escaped.
    name = "file:";
    for (const char c : path) {
      if (c == '%' || c == '?' || c == '#') {
        static const char* const k_hex = "0123456789ABCDEF";
        name += '%';
        name += k_hex[(static_cast<unsigned char>(c) >> 4U) & 0xFU];
        name += k_hex[static_cast<unsigned char>(c) & 0xFU];
      } else {
        name += c;
      }
    }
    name += "?mode=ro&immutable=1";
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  Db db(raw);  // closed on every path
  if (rc != SQLITE_OK) {
    return Error(ErrorCode::database,
                 path + ": " + tr("台帳データベースを開けません: ", "cannot open the registry: ") +
                     (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Db::Db(Db&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(m_db);
    m_db = std::exchange(other.m_db, nullptr);
  }
  return *this;
}

Db::~Db() {
  sqlite3_close_v2(m_db);
}

Expected<Statement> Db::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return error("prepare '" + std::string(sql.substr(0, 60)) + "'");
  }
  return Statement(m_db, stmt);
}

Status Db::exec_script(std::string_view sql) {
  const char* p = sql.data();
  const char* end = sql.data() + sql.size();
  while (p < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, p, static_cast<int>(end - p), 0, &stmt, &tail);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return error("schema");
    }
    if (stmt == nullptr) {  // only whitespace or comments left
      break;
    }
    Statement st(m_db, stmt);
    if (auto r = st.run(); !r) {
      return r.error();
    }
    p = tail;
  }
  return {};
}

Status Db::exec(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) {
    return st.error();
  }
  return st->run();
}

Expected<std::string> Db::query_text(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) {
    return st.error();
  }
  auto row = st->step();
  if (!row) {
    return row.error();
  }
  return *row ? st->column_text(0) : std::string();
}

Expected<int64_t> Db::query_int(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) {
    return st.error();
  }
  auto row = st->step();
  if (!row) {
    return row.error();
  }
  return *row ? st->column_int(0) : int64_t{0};
}

bool Db::is_read_only() const {
  return sqlite3_db_readonly(m_db, "main") == 1;
}

void Db::set_busy_timeout(int ms) {
  sqlite3_busy_timeout(m_db, ms);
}

int64_t Db::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(m_db);
}

Status Db::backup_to(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db dest(raw);
  if (rc != SQLITE_OK) {
    return Error(ErrorCode::io,
                 path + ": " + (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_backup* b = sqlite3_backup_init(raw, "main", m_db, "main");
  if (b == nullptr) {
    return Error(ErrorCode::database, path + ": backup: " + sqlite3_errmsg(raw));
  }
  int step_rc = SQLITE_OK;
  do {
    step_rc = sqlite3_backup_step(b, 256);
    if (step_rc == SQLITE_BUSY || step_rc == SQLITE_LOCKED) {
      sqlite3_sleep(20);
    }
  } while (step_rc == SQLITE_OK || step_rc == SQLITE_BUSY || step_rc == SQLITE_LOCKED);
  const int finish_rc = sqlite3_backup_finish(b);
  if (step_rc != SQLITE_DONE || finish_rc != SQLITE_OK) {
    return Error(ErrorCode::database, path + ": backup: " + sqlite3_errmsg(raw));
  }
  return {};
}

Error Db::error(std::string_view context) const {
  const int code = sqlite3_extended_errcode(m_db);
  ErrorCode ec = ErrorCode::database;
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    ec = ErrorCode::conflict;
  }
  return Error(ec, std::string(context) + ": " + sqlite3_errmsg(m_db));
}

bool Db::in_transaction() const {
  return m_db != nullptr && sqlite3_get_autocommit(m_db) == 0;
}

int Db::last_code() const {
  return sqlite3_extended_errcode(m_db);
}

bool Db::last_was_read_only_failure() const {
  const int code = sqlite3_extended_errcode(m_db) & 0xff;
  return code == SQLITE_READONLY || code == SQLITE_CANTOPEN;
}

// --- Transaction ---

// Inside a transaction already (Registry::all_or_nothing), a transaction is a savepoint: its
// rollback undoes only its own writes, and nothing is committed before the outer one commits.
Expected<Transaction> Transaction::begin(Db& db) {
  const bool nested = db.in_transaction();
  if (auto r = db.exec(nested ? "SAVEPOINT ky_nested" : "BEGIN IMMEDIATE"); !r) {
    return r.error();
  }
  return Transaction(&db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_nested(other.m_nested) {}

Transaction::~Transaction() {
  if (m_db != nullptr) {
    if (m_nested) {
      (void)m_db->exec("ROLLBACK TO ky_nested");
      (void)m_db->exec("RELEASE ky_nested");
    } else {
      (void)m_db->exec("ROLLBACK");
    }
  }
}

Status Transaction::commit() {
  if (m_db == nullptr) {
    return Error(ErrorCode::internal, "commit without a transaction");
  }
  auto r = m_db->exec(m_nested ? "RELEASE ky_nested" : "COMMIT");
  if (r) {
    m_db = nullptr;
  }
  return r;
}

}  // namespace keiyaku::registry
