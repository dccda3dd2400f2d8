-- 006: a review of a new version of a contract names the review it superseded: the latest
-- successful review of the same file before it changed, or of the contract with the same title and
-- vendor in the same folder (`keiyaku batch`, docs/registry.md). The link is recorded in the
-- history beside the review's content hash ("supersedes" in the review's record, left out when
-- there is none), so the reviews recorded before keep their rows, their hashes and their history
-- rows as they are, and `db verify` sees a link edited outside keiyaku.
ALTER TABLE reviews ADD COLUMN supersedes INTEGER REFERENCES reviews(id);
CREATE INDEX reviews_supersedes ON reviews(supersedes);
