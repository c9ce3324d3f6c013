-- Webhook endpoints (secret sealed) and the log of every delivery attempt.
CREATE TABLE webhook_endpoints (
	id          TEXT PRIMARY KEY,
	project_id  TEXT NOT NULL REFERENCES projects(id),
	url         TEXT NOT NULL,
	secret      BLOB NOT NULL,
	created_at  INTEGER NOT NULL,
	disabled_at INTEGER
);
CREATE INDEX webhook_endpoints_project ON webhook_endpoints (project_id);

CREATE TABLE webhook_deliveries (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	endpoint_id   TEXT NOT NULL REFERENCES webhook_endpoints(id),
	project_id    TEXT NOT NULL,
	submission_id TEXT NOT NULL,
	event_id      TEXT NOT NULL,
	event_type    TEXT NOT NULL,
	attempt       INTEGER NOT NULL,
	at            INTEGER NOT NULL,
	status_code   INTEGER NOT NULL DEFAULT 0,
	error         TEXT NOT NULL DEFAULT '',
	answer        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_deliveries_submission ON webhook_deliveries (project_id, submission_id, id);
