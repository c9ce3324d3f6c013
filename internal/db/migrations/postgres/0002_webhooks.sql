-- Webhook endpoints (secret sealed) and the log of every delivery attempt.
CREATE TABLE webhook_endpoints (
	id          TEXT PRIMARY KEY,
	project_id  TEXT NOT NULL REFERENCES projects(id),
	url         TEXT NOT NULL,
	secret      BYTEA NOT NULL,
	created_at  BIGINT NOT NULL,
	disabled_at BIGINT
);
CREATE INDEX webhook_endpoints_project ON webhook_endpoints (project_id);

CREATE TABLE webhook_deliveries (
	id            BIGSERIAL PRIMARY KEY,
	endpoint_id   TEXT NOT NULL REFERENCES webhook_endpoints(id),
	project_id    TEXT NOT NULL,
	submission_id TEXT NOT NULL,
	event_id      TEXT NOT NULL,
	event_type    TEXT NOT NULL,
	attempt       BIGINT NOT NULL,
	at            BIGINT NOT NULL,
	status_code   BIGINT NOT NULL DEFAULT 0,
	error         TEXT NOT NULL DEFAULT '',
	answer        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_deliveries_submission ON webhook_deliveries (project_id, submission_id, id);
