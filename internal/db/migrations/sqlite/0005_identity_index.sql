-- A keyed HMAC of the identity read from the document (name and birth
-- date), for the duplicate-user and rejected-period options: who was
-- verified before, found without unsealing anything.
ALTER TABLE submissions ADD COLUMN identity_index BLOB;
CREATE INDEX submissions_identity ON submissions (project_id, identity_index);
