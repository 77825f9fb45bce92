-- B-3: the pusher's claim on an outbox row and the registry's receipt. A pusher claims due rows
-- (FOR UPDATE SKIP LOCKED) by giving each a fresh `claim` and moving `next_attempt_at` past its
-- lease; only the holder of the current claim may record the answer, so a pusher that stalled
-- past its lease cannot overwrite the verdict of the one that took the row over.
ALTER TABLE registry_outbox ADD COLUMN claim uuid;
ALTER TABLE registry_outbox ADD COLUMN receipt text NOT NULL DEFAULT '';
-- The reconciliation report reads delivered rows by day.
CREATE INDEX registry_outbox_delivered ON registry_outbox (delivered_at) WHERE delivered_at IS NOT NULL;
