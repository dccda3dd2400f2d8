#pragma once

// The two RAII types over SQLite that the rest of registry/ uses. Internal to the registry
// module: nothing outside src/registry includes this header, and no sqlite3 handle is ever
// returned from it (the C types are only forward-declared for the private members).

#include <base/expected.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace keiyaku::registry {

class Db;

/// A prepared statement. Parameters are bound by 1-based index; the first binding error is
/// kept and returned by step()/run(). Move-only; finalised on destruction. Not thread-safe
/// (like its Db).
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, bool value) {
    return bind(index, static_cast<int64_t>(value ? 1 : 0));
  }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) {
    return bind(index, std::string_view(value));
  }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, const std::optional<int64_t>& value);

  /// One step: true when a row is ready, false when done.
  Expected<bool> step();
  /// Steps to the end, for statements that return no rows.
  Status run();
  /// Calls on_row(statement) for every row; the first error stops it.
  template <typename F>
  Status each_row(F&& on_row) {
    for (;;) {
      auto row = step();
      if (!row) {
        return row.error();
      }
      if (!*row) {
        return {};
      }
      on_row(static_cast<const Statement&>(*this));
    }
  }
  /// Back to the start, bindings kept.
  void reset();

  int64_t column_int(int index) const;
  std::string column_text(int index) const;
  /// The column as text without a copy: valid until the next step, reset or column call.
  std::string_view column_view(int index) const;
  bool column_is_null(int index) const;
  std::optional<std::string> column_opt_text(int index) const;
  std::optional<int64_t> column_opt_int(int index) const;

 private:
  friend class Db;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  void note_bind(int rc);
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_stmt = nullptr;
  int m_bind_rc = 0;
};

/// How a Db is opened.
/// How a Db is opened. `read_only_immutable` is for a file on a read-only medium or in a directory
/// where SQLite cannot create its -shm: SQLite then assumes that nobody changes the file.
enum class DbOpen { read_write_create, read_write, read_only, read_only_immutable };

/// One SQLite connection. Move-only; closed on destruction. A connection must be used by one
/// thread at a time (it is opened in SQLite's multi-thread mode): give each thread its own.
class Db {
 public:
  static Expected<Db> open(const std::string& path, DbOpen mode);
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  Expected<Statement> prepare(std::string_view sql);
  /// Prepares and runs each statement of a trusted script (the embedded migrations) in turn.
  Status exec_script(std::string_view sql);
  /// Prepares and runs one statement with no parameters and ignores its rows (PRAGMAs).
  Status exec(std::string_view sql);
  /// First column of the first row of a parameterless query, as text ("" when no row).
  Expected<std::string> query_text(std::string_view sql);
  Expected<int64_t> query_int(std::string_view sql);

  void set_busy_timeout(int ms);
  /// Whether SQLite opened the file read-only (a read-write open of a file it may not write).
  bool is_read_only() const;
  int64_t last_insert_rowid() const;

  /// Copies the whole database into a new file with SQLite's online backup API.
  Status backup_to(const std::string& path);

  /// An Error for the connection's last failure, with context first ("insert vendor: ...").
  Error error(std::string_view context) const;
  /// The underlying extended result code of the last failure.
  int last_code() const;
  /// True while a transaction is open on this connection.
  bool in_transaction() const;
  /// Whether the last failure was SQLite unable to write beside a read-only file (a WAL file
  /// whose -shm cannot be created): the file can then only be opened as immutable.
  bool last_was_read_only_failure() const;

 private:
  explicit Db(sqlite3* db) : m_db(db) {}
  sqlite3* m_db = nullptr;
};

/// A write transaction: BEGIN IMMEDIATE on construction (so the write lock is taken up front
/// and waits on busy_timeout instead of failing mid-way), ROLLBACK on destruction unless commit()
/// succeeded.
class Transaction {
 public:
  static Expected<Transaction> begin(Db& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status commit();

 private:
  explicit Transaction(Db* db, bool nested) : m_db(db), m_nested(nested) {}
  Db* m_db = nullptr;
  bool m_nested = false;  // inside another transaction: a savepoint
};

}  // namespace keiyaku::registry
