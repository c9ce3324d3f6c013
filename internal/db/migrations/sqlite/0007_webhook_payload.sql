-- The event each delivery carried (no personal data: ids and status), so
-- that a delivery can be sent again by hand.
ALTER TABLE webhook_deliveries ADD COLUMN payload TEXT NOT NULL DEFAULT '';
