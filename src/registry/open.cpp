// Opening the registry: what the file is, read-only or read-write, and the schema migrations.

#include "impl.hpp"
#include "upgrades.hpp"

#include <unistd.h>

#include <filesystem>

namespace keiyaku::registry {

namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const Migration k_migrations[] = {
#include "registry/schema_migrations.inc"
};

// What a migration needs besides its SQL, by the migration's name: work that writes history rows
// (merging duplicates, sealing reviews), which SQL alone cannot do. `before` runs ahead of the
// SQL, `after` behind it, both in the migration's transaction.
struct MigrationStep {
  const char* name;
  Status (*before)(Db& db, const UpgradeContext& context);
  Status (*after)(Db& db, const UpgradeContext& context);
};

const MigrationStep k_steps[] = {
    {"003_review_hash", nullptr, seal_reviews},
    {"004_one_contract_per_path", merge_duplicate_contracts, nullptr},
    {"007_waiver_text", nullptr, tie_waivers},
};

const MigrationStep* step_of(const char* name) {
  for (const MigrationStep& s : k_steps) {
    if (std::string_view(s.name) == name) {
      return &s;
    }
  }
  return nullptr;
}

// The header field that marks a keiyaku registry ("KYKU"), set by migration 003.
constexpr int64_t k_application_id = 0x4B594B55;

// What a file holds, read in one statement (so one snapshot) before anything is written to it.
struct Identity {
  int version = 0;
  int64_t application_id = 0;
  int64_t objects = 0;         // tables, indexes, triggers, views
  int64_t keiyaku_tables = 0;  // of the six every keiyaku registry has had since schema 1
};

Expected<Identity> probe(Db& db, const std::string& path) {
  auto st = db.prepare(
      "SELECT (SELECT user_version FROM pragma_user_version), "
      "(SELECT application_id FROM pragma_application_id), "
      "(SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'), "
      "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('vendors', "
      "'certificates', 'verifications', 'accounts', 'history', 'history_head'))");
  // SQLite's own words ("file is not a database"), without the query.
  auto not_sqlite = [&]() {
    Error e = db.error(path + ": " +
                       tr("SQLite の台帳データベースではありません", "not a SQLite registry"));
    e.code = ErrorCode::database;
    return e;
  };
  if (!st) {
    return not_sqlite();
  }
  auto row = st->step();
  if (!row || !*row) {
    return not_sqlite();
  }
  Identity id;
  id.version = static_cast<int>(st->column_int(0));
  id.application_id = st->column_int(1);
  id.objects = st->column_int(2);
  id.keiyaku_tables = st->column_int(3);
  return id;
}

// Refuses a file keiyaku must not touch: another program's SQLite database, or a registry of a
// newer keiyaku. An empty database is a registry not yet created.
Status check_identity(const Identity& id, const std::string& path, int latest) {
  const bool empty = id.version == 0 && id.application_id == 0 && id.objects == 0;
  const bool ours = id.application_id == k_application_id ||
                    (id.application_id == 0 && id.version >= 1 && id.keiyaku_tables == 6);
  if (!empty && !ours) {
    return Error(ErrorCode::database,
                 path + ": " +
                     tr("keiyaku の台帳ではない SQLite ファイルです（何も変更していません）",
                        "a SQLite file that is not a keiyaku registry (nothing was changed)"));
  }
  if (id.version > latest) {
    return Error(ErrorCode::unsupported,
                 path + ": " + tr("台帳のスキーマ版 ", "the registry has schema version ") +
                     std::to_string(id.version) +
                     tr(" はこの keiyaku（版 ", ", newer than this keiyaku understands (") +
                     std::to_string(latest) +
                     tr("）より新しいため開けません。新しい keiyaku を使ってください",
                        "): use a newer keiyaku"));
  }
  return {};
}

// A read-only connection that has read the file's identity. A WAL file whose -shm cannot be
// created (a read-only directory or medium) is opened as immutable: nobody can be writing it.
Expected<std::pair<Db, Identity>> open_read_only(const std::string& path, int busy_timeout_ms) {
  auto db = Db::open(path, DbOpen::read_only);
  if (!db) {
    return db.error();
  }
  // Another process may be creating or migrating the file: wait for it as a writer would.
  db->set_busy_timeout(busy_timeout_ms);
  auto id = probe(*db, path);
  if (!id && db->last_was_read_only_failure()) {
    db = Db::open(path, DbOpen::read_only_immutable);
    if (!db) {
      return db.error();
    }
    db->set_busy_timeout(busy_timeout_ms);
    id = probe(*db, path);
  }
  if (!id) {
    return id.error();
  }
  return std::pair<Db, Identity>(std::move(*db), *id);
}

bool writable(const std::string& path) {
  const std::filesystem::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  return ::access(path.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0;
}

Error missing_registry(const std::string& path) {
  return Error(ErrorCode::not_found,
               path + ": " +
                   tr("台帳データベースがありません（--db か KEIYAKU_DB で指定してください）",
                      "no registry here (give --db PATH or set KEIYAKU_DB)"));
}

}  // namespace

int Registry::latest_schema_version() {
  return k_migrations[std::size(k_migrations) - 1].version;
}

Expected<Registry> Registry::open(const OpenOptions& options) {
  const bool memory = options.path == ":memory:" || options.path.empty();
  if (memory) {
    auto db = Db::open(":memory:", DbOpen::read_write_create);
    if (!db) {
      return db.error();
    }
    auto impl = std::make_unique<Impl>(std::move(*db), options);
    if (auto r = impl->db.exec("PRAGMA foreign_keys = ON"); !r) {
      return r.error();
    }
    Registry reg(std::move(impl));
    if (options.migrate == AutoMigrate::yes && options.mode != OpenMode::read_only) {
      if (auto r = reg.migrate(); !r) {
        return r.error();
      }
    }
    return reg;
  }
  std::error_code ec;
  const bool exists = std::filesystem::exists(options.path, ec);
  if (!exists && options.mode != OpenMode::create_if_missing) {
    return missing_registry(options.path);
  }
  // Whatever the mode, the file is first read through a read-only connection: another program's
  // database is refused before anything (not even the journal mode) is changed in it.
  if (exists) {
    auto ro = open_read_only(options.path, options.busy_timeout_ms);
    if (!ro) {
      return ro.error();
    }
    if (auto r = check_identity(ro->second, options.path, latest_schema_version()); !r) {
      return r.error();
    }
    if (options.mode == OpenMode::read_only) {
      if (ro->second.version < latest_schema_version()) {
        // An older schema is brought up to date first when the file may be written; a read-only
        // file keeps it and is refused, since every read assumes the latest schema.
        if (!writable(options.path)) {
          return Error(
              ErrorCode::unsupported,
              options.path + ": " +
                  tr("台帳のスキーマが古い版（", "the registry has an older schema (version ") +
                  std::to_string(ro->second.version) +
                  tr("）で、読み取り専用のため移行できません。書き込める場所で keiyaku db "
                     "migrate を実行してください",
                     ") and is read-only, so it cannot be migrated: run keiyaku db "
                     "migrate where it can be written"));
        }
        OpenOptions rw = options;
        rw.mode = OpenMode::must_exist;
        rw.migrate = AutoMigrate::yes;
        if (auto r = open(rw); !r) {
          return r.error();
        }
        return open(options);
      }
      auto impl = std::make_unique<Impl>(std::move(ro->first), options);
      for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA query_only = ON"}) {
        if (auto r = impl->db.exec(pragma); !r) {
          return r.error();
        }
      }
      return Registry(std::move(impl));
    }
  }
  auto db = Db::open(options.path, exists ? DbOpen::read_write : DbOpen::read_write_create);
  if (!db) {
    return db.error();
  }
  if (db->is_read_only()) {
    return Error(ErrorCode::io, options.path + ": " +
                                    tr("台帳データベースが読み取り専用のため書き込めません",
                                       "the registry is read-only and cannot be written"));
  }
  db->set_busy_timeout(options.busy_timeout_ms);
  auto impl = std::make_unique<Impl>(std::move(*db), options);
  Impl& m = *impl;
  // Again on this connection: another process may have created or migrated the file meanwhile.
  auto identity = probe(m.db, options.path);
  if (!identity) {
    return identity.error();
  }
  if (auto r = check_identity(*identity, options.path, latest_schema_version()); !r) {
    return r.error();
  }
  // WAL: readers never block the writer and a killed writer leaves the last commit intact.
  if (auto mode = m.db.query_text("PRAGMA journal_mode = WAL"); !mode) {
    return mode.error();
  }
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"}) {
    if (auto r = m.db.exec(pragma); !r) {
      return r.error();
    }
  }
  Registry reg(std::move(impl));
  if (options.migrate == AutoMigrate::yes && identity->version < latest_schema_version()) {
    auto r = reg.migrate();
    if (!r) {
      return r.error();
    }
  }
  if (options.fold != nullptr && reg.m_impl->user_version_is_current()) {
    if (auto r = reg.m_impl->rekey_accounts(); !r) {
      return r.error();
    }
  }
  return reg;
}

Expected<int> Registry::schema_version() {
  return m_impl->user_version();
}

Expected<MigrationResult> Registry::migrate(std::optional<int> up_to) {
  Impl& m = *m_impl;
  auto from = m.user_version();
  if (!from) {
    return from.error();
  }
  MigrationResult result{*from, *from};
  const UpgradeContext context{m.now(), m.opts.by};
  for (const Migration& mig : k_migrations) {
    if (up_to && mig.version > *up_to) {
      break;
    }
    auto tx = Transaction::begin(m.db);
    if (!tx) {
      return tx.error();
    }
    // Read again under the write lock: another process may have migrated meanwhile.
    auto current = m.user_version();
    if (!current) {
      return current.error();
    }
    if (*current >= mig.version) {
      result.to = *current;
      continue;
    }
    const MigrationStep* step = step_of(mig.name);
    auto failed = [&](const Error& e) {
      return Error(e.code, std::string("schema ") + mig.name + ": " + e.message);
    };
    if (step != nullptr && step->before != nullptr) {
      if (auto r = step->before(m.db, context); !r) {
        return failed(r.error());
      }
    }
    if (auto r = m.db.exec_script(mig.sql); !r) {
      return failed(r.error());
    }
    if (step != nullptr && step->after != nullptr) {
      if (auto r = step->after(m.db, context); !r) {
        return failed(r.error());
      }
    }
    if (auto r = m.db.exec("PRAGMA user_version = " + std::to_string(mig.version)); !r) {
      return r.error();
    }
    if (auto r = tx->commit(); !r) {
      return r.error();
    }
    result.to = mig.version;
  }
  return result;
}

}  // namespace keiyaku::registry
