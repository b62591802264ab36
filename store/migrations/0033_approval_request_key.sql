-- The idempotency key of the request that made an approval (a form's one-time key, the
-- admin menu's message, a CLI run's key): the same request again finds the approval it
-- made instead of making a second one, which a checker could approve twice. Empty for a
-- request without a key.
ALTER TABLE approvals ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX approvals_request_key ON approvals(request_key) WHERE request_key != '';
