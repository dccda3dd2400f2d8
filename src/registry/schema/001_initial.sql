-- 001: the first registry schema (SPEC §4).
-- Dates are ISO 8601 text (YYYY-MM-DD); timestamps are ISO 8601 with an offset.
-- Status (未確認/確認済/要是正/期限切れ) is never stored: it is derived from these facts.

CREATE TABLE vendors (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  corporate_number TEXT UNIQUE CHECK (corporate_number IS NULL OR length(corporate_number) = 13),
  address          TEXT NOT NULL DEFAULT '',
  contact          TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE certificates (
  id          INTEGER PRIMARY KEY,
  vendor_id   INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('isms', 'iso27017', 'iso27018', 'ismap', 'ismap-liu',
                                            'pmark', 'soc2', 'other')),
  number      TEXT NOT NULL,
  scope       TEXT NOT NULL DEFAULT '',
  issuer      TEXT NOT NULL DEFAULT '',
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL CHECK (valid_to >= valid_from),
  audit_end   TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX certificates_vendor ON certificates(vendor_id);

CREATE TABLE verifications (
  id              INTEGER PRIMARY KEY,
  vendor_id       INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  verified_on     TEXT NOT NULL,
  method          TEXT NOT NULL CHECK (method IN ('checksheet', 'onsite', 'report', 'certificate',
                                                  'other')),
  result          TEXT NOT NULL CHECK (result IN ('ok', 'needs-fix', 'failed')),
  evidence_path   TEXT,
  evidence_sha256 TEXT CHECK (evidence_sha256 IS NULL OR length(evidence_sha256) = 64),
  note            TEXT NOT NULL DEFAULT '',
  next_due        TEXT,
  verified_by     TEXT NOT NULL,
  created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX verifications_vendor ON verifications(vendor_id, verified_on);

-- Minimal on purpose: `batch` extends it with review results in a later migration.
CREATE TABLE contracts (
  id         INTEGER PRIMARY KEY,
  path       TEXT NOT NULL,
  sha256     TEXT NOT NULL DEFAULT '',
  title      TEXT NOT NULL DEFAULT '',
  vendor_id  INTEGER REFERENCES vendors(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX contracts_vendor ON contracts(vendor_id);
CREATE INDEX contracts_path ON contracts(path);

-- 再委託: `subcontractor_id` works for `vendor_id` on a contract, referenced by id when the
-- contract is in `contracts`, else by a free reference string (契約番号 etc.).
CREATE TABLE subcontracts (
  id               INTEGER PRIMARY KEY,
  vendor_id        INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  subcontractor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
  contract_id      INTEGER REFERENCES contracts(id) ON DELETE SET NULL,
  contract_ref     TEXT NOT NULL,
  approved_on      TEXT,
  approval_doc     TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  CHECK (vendor_id <> subcontractor_id),
  UNIQUE (vendor_id, subcontractor_id, contract_ref)
) STRICT;
CREATE INDEX subcontracts_sub ON subcontracts(subcontractor_id);

CREATE TABLE accounts (
  id                 INTEGER PRIMARY KEY,
  service            TEXT NOT NULL CHECK (service IN ('x', 'facebook', 'instagram', 'line',
                                                      'youtube', 'tiktok', 'note', 'other')),
  handle             TEXT NOT NULL CHECK (length(trim(handle)) > 0),
  handle_key         TEXT NOT NULL,
  url                TEXT NOT NULL,
  department         TEXT NOT NULL,
  owner              TEXT NOT NULL CHECK (length(trim(owner)) > 0),
  -- the department the account had when its owner was last set: differs from `department`
  -- after a department change that left the owner as it was (SNS-02).
  owner_department   TEXT NOT NULL,
  deputy             TEXT NOT NULL DEFAULT '',
  procedure_doc      TEXT NOT NULL DEFAULT '',
  listed_at          TEXT NOT NULL DEFAULT '',
  profile_names_body INTEGER NOT NULL DEFAULT 0 CHECK (profile_names_body IN (0, 1)),
  mfa                INTEGER NOT NULL DEFAULT 0 CHECK (mfa IN (0, 1)),
  operator_id        INTEGER REFERENCES vendors(id) ON DELETE SET NULL,
  purpose            TEXT NOT NULL DEFAULT '',
  emergency          INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
  last_review        TEXT,
  last_post          TEXT,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  retired_at         TEXT,
  retire_reason      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX accounts_handle ON accounts(service, handle_key) WHERE retired_at IS NULL;
CREATE INDEX accounts_operator ON accounts(operator_id);

CREATE TABLE waivers (
  id             INTEGER PRIMARY KEY,
  contract_id    INTEGER REFERENCES contracts(id) ON DELETE SET NULL,
  contract_ref   TEXT NOT NULL,
  requirement_id TEXT NOT NULL,
  reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  approver       TEXT NOT NULL CHECK (length(trim(approver)) > 0),
  until          TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL
) STRICT;
CREATE INDEX waivers_contract ON waivers(contract_ref);
CREATE INDEX waivers_contract_id ON waivers(contract_id);

-- Append-only history with a SHA-256 hash chain (docs/registry.md says how the hash is formed).
CREATE TABLE history (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  by        TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  action    TEXT NOT NULL,
  before    TEXT,
  after     TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE INDEX history_entity ON history(entity, entity_id);

-- The head of the chain, written in the same transaction as each history row, so that deleting
-- the newest rows is detected too.
CREATE TABLE history_head (
  one     INTEGER PRIMARY KEY CHECK (one = 1),
  last_id INTEGER NOT NULL,
  hash    TEXT NOT NULL
) STRICT;
INSERT INTO history_head (one, last_id, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only');
END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
  SELECT RAISE(ABORT, 'history is append-only');
END;
