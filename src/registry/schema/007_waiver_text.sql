-- 007: a waiver (例外承認) keeps the SHA-256 of the contract text it was granted on, beside the
-- registered contract it belongs to (contract_id), so that it still applies when the contract is
-- saved again with other bytes and the report can say that the text changed since. The waivers
-- recorded before take the hash they were recorded against and, when exactly one registered
-- contract was reviewed with that text, its id; each with a history row ("link",
-- src/registry/upgrades.cpp).
ALTER TABLE waivers ADD COLUMN sha256 TEXT NOT NULL DEFAULT ''
  CHECK (sha256 = '' OR length(sha256) = 64);
CREATE INDEX waivers_sha256 ON waivers(sha256);
