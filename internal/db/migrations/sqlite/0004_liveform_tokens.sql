-- Liveform private-mode tokens: one-time links the integrator's backend
-- issues. Only the SHA-256 of the secret is kept; the presets (user id,
-- e-mail, custom fields) are personal data and sealed. submission_id has
-- no foreign key: the token store records what the caller tells it and
-- the submissions table belongs to another store.
CREATE TABLE liveform_tokens (
	id            TEXT PRIMARY KEY,
	project_id    TEXT NOT NULL REFERENCES projects(id),
	token_hash    BLOB NOT NULL UNIQUE,
	presets       BLOB NOT NULL,              -- sealed JSON
	created_at    INTEGER NOT NULL,
	expires_at    INTEGER NOT NULL,           -- for an unused token
	first_used_at INTEGER,
	submission_id TEXT,
	revoked_at    INTEGER
);
CREATE INDEX liveform_tokens_project ON liveform_tokens (project_id, created_at);
