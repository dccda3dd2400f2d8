-- 004: one contract per path. Contracts that two batches running at once recorded twice are first
-- merged into the oldest, with history rows (src/registry/upgrades.cpp); then the path is unique.
DROP INDEX contracts_path;
CREATE UNIQUE INDEX contracts_path ON contracts(path);
