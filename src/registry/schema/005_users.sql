-- 003: the accounts of the workspace (`keiyaku serve`, `keiyaku user`). Each person signs in with
-- a name and a password; the password is kept only as an argon2id hash string (libsodium's
-- crypto_pwhash_str format, salt and parameters included). Changes to accounts are written to the
-- history like every other change, without the hash.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'approver', 'admin')),
  password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
) STRICT;
