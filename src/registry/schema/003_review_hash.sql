-- 003: each review carries the SHA-256 of its content (the review row, its verdicts with their
-- evidence, its risks and file risks; src/registry/review_hash.hpp says how it is formed), and the
-- history records it ("review" rows), so that a review edited outside keiyaku is seen by
-- `db verify` and is not skipped by `batch` as unchanged. The reviews recorded before are sealed as
-- they are by this migration (src/registry/upgrades.cpp).
-- The file is also marked as a keiyaku registry (application_id 'KYKU'), so that another
-- program's SQLite file is recognised and left alone.
ALTER TABLE reviews ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
PRAGMA application_id = 1264143189;
