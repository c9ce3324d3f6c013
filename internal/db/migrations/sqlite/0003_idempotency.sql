-- Answers to POST requests that carried an Idempotency-Key, replayed when
-- the same key comes again (kept a day).
CREATE TABLE idempotency_keys (
	project_id TEXT NOT NULL,
	key        TEXT NOT NULL,
	status     INTEGER NOT NULL,
	body       BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (project_id, key)
);
