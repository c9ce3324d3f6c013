-- What the request that first used a key was (method, path, body hash):
-- the same key with another request is refused, not replayed.
ALTER TABLE idempotency_keys ADD COLUMN fingerprint BYTEA;
