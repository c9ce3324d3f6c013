-- Accounts, projects, submissions, their timeline and the audit log.
-- Times are Unix milliseconds (UTC), booleans 0/1, so that store code is
-- the same on SQLite and PostgreSQL. Personal data is never stored in
-- clear: `personal` columns hold crypto envelopes, `*_index` columns keyed
-- HMACs for lookups by e-mail or user id.
CREATE TABLE projects (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'active',
	options     TEXT NOT NULL,               -- kyc.Policy as JSON
	branding    TEXT NOT NULL DEFAULT '{}',
	return_url  TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
	id           TEXT PRIMARY KEY,
	project_id   TEXT NOT NULL REFERENCES projects(id),
	prefix       TEXT NOT NULL UNIQUE,        -- shown, for lookup
	hash         BLOB NOT NULL,               -- SHA-256 of the whole key
	name         TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at   INTEGER
);
CREATE INDEX api_keys_project ON api_keys (project_id);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,             -- argon2id, PHC string
	created_at    INTEGER NOT NULL,
	disabled_at   INTEGER
);

CREATE TABLE memberships (
	user_id    TEXT NOT NULL REFERENCES users(id),
	project_id TEXT NOT NULL REFERENCES projects(id),
	role       TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'reviewer', 'viewer')),
	PRIMARY KEY (user_id, project_id)
);

CREATE TABLE submissions (
	id            TEXT PRIMARY KEY,
	project_id    TEXT NOT NULL REFERENCES projects(id),
	status        TEXT NOT NULL,
	stage         TEXT NOT NULL,
	reject_code   TEXT NOT NULL DEFAULT '',
	attempts      INTEGER NOT NULL DEFAULT 0,
	has_face      INTEGER NOT NULL DEFAULT 0,
	score         INTEGER,
	result        TEXT NOT NULL DEFAULT '{}', -- checks and score parts: no personal data
	personal      BLOB,                       -- sealed: fields read, applicant data, comments
	email_index   BLOB,
	userid_index  BLOB,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	last_activity INTEGER NOT NULL,
	decided_at    INTEGER,
	deleted_at    INTEGER
);
CREATE INDEX submissions_list ON submissions (project_id, created_at, id);
CREATE INDEX submissions_status ON submissions (project_id, status, created_at);
CREATE INDEX submissions_email ON submissions (project_id, email_index);
CREATE INDEX submissions_userid ON submissions (project_id, userid_index);
CREATE INDEX submissions_incomplete ON submissions (status, has_face, last_activity);

CREATE TABLE submission_events (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	submission_id TEXT NOT NULL REFERENCES submissions(id),
	at            INTEGER NOT NULL,
	kind          TEXT NOT NULL,
	data          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX submission_events_submission ON submission_events (submission_id, id);

CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	at         INTEGER NOT NULL,
	project_id TEXT,
	actor      TEXT NOT NULL,                -- "user:ID", "key:PREFIX", "system"
	action     TEXT NOT NULL,
	target     TEXT NOT NULL DEFAULT '',
	data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_project ON audit_log (project_id, id);
