-- 002: review results of `keiyaku batch` (SPEC §4): what each contract says about itself, every
-- review with its verdicts, evidence and risks. Reviews are append-only: a contract's history is
-- its reviews in id order and the latest one is what reports show.

-- What the contract names: its parties as written (甲/乙, 発注者/受注者 and the names behind them).
-- `title`, `sha256` and `vendor_id` (linked when the vendor's name or 法人番号 appears in the
-- contract's parties or preamble) come from 001.
ALTER TABLE contracts ADD COLUMN body_term   TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN vendor_term TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN body_name   TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN vendor_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contracts ADD COLUMN updated_at  TEXT NOT NULL DEFAULT '';
CREATE INDEX contracts_sha256 ON contracts(sha256);

-- One review of one file. A file that could not be read is a review with outcome 'failed' and its
-- one-line error, so that it is reported and retried.
CREATE TABLE reviews (
  id              INTEGER PRIMARY KEY,
  contract_id     INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  reviewed_at     TEXT NOT NULL,
  path            TEXT NOT NULL,
  sha256          TEXT NOT NULL CHECK (sha256 = '' OR length(sha256) = 64),
  catalog_version TEXT NOT NULL,
  options         TEXT NOT NULL,
  tool_version    TEXT NOT NULL,
  outcome         TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
  error           TEXT NOT NULL DEFAULT '',
  kinds           TEXT NOT NULL DEFAULT '',
  tier            TEXT NOT NULL DEFAULT '',
  clauses         INTEGER NOT NULL DEFAULT 0,
  characters      INTEGER NOT NULL DEFAULT 0,
  revisions       INTEGER NOT NULL DEFAULT 0,
  comments        INTEGER NOT NULL DEFAULT 0,
  must            INTEGER NOT NULL DEFAULT 0,
  satisfied       INTEGER NOT NULL DEFAULT 0,
  weak            INTEGER NOT NULL DEFAULT 0,
  contradicted    INTEGER NOT NULL DEFAULT 0,
  missing         INTEGER NOT NULL DEFAULT 0,
  not_applicable  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX reviews_contract ON reviews(contract_id, id);

-- Every verdict of a review, in catalog order. Title, family, severity and basis are copied from
-- the catalog the review used, so that an old review reads the same after the catalog changes.
CREATE TABLE findings (
  id             INTEGER PRIMARY KEY,
  review_id      INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  requirement_id TEXT NOT NULL,
  family         TEXT NOT NULL,
  title          TEXT NOT NULL,
  severity       TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('satisfied', 'weak', 'contradicted', 'missing',
                                                 'not_applicable')),
  basis          TEXT NOT NULL DEFAULT '',  -- one citation per line
  reason         TEXT NOT NULL DEFAULT '',
  suggestion     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX findings_review ON findings(review_id);
CREATE INDEX findings_requirement ON findings(requirement_id, status);

-- The clauses a verdict was read from (第9条第2項, the sentence, the paragraph index).
CREATE TABLE evidence (
  id         INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
  clause     TEXT NOT NULL,
  text       TEXT NOT NULL,
  paragraph  INTEGER NOT NULL
) STRICT;
CREATE INDEX evidence_finding ON evidence(finding_id);

-- RISK-* clauses found by a review.
CREATE TABLE risks (
  id        INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  risk_id   TEXT NOT NULL,
  clause    TEXT NOT NULL,
  text      TEXT NOT NULL,
  paragraph INTEGER NOT NULL,
  message   TEXT NOT NULL
) STRICT;
CREATE INDEX risks_review ON risks(review_id);

-- File-level risks (DOCX-MACRO, DOCX-EXTERNAL-TEMPLATE, ...) found by a review.
CREATE TABLE file_risks (
  id        INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  risk_id   TEXT NOT NULL,
  severity  TEXT NOT NULL,
  message   TEXT NOT NULL,
  detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX file_risks_review ON file_risks(review_id);
