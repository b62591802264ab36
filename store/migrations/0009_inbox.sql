-- Every message WhatsApp delivers is written here before WhatsApp is told it arrived, and
-- removed in the transaction that handles it: a crash, OOM or power cut in between loses
-- nothing, and the bot works what is left here when it starts again.
CREATE TABLE inbox (
    branch_id   TEXT NOT NULL REFERENCES branches(id),
    message_id  TEXT NOT NULL,
    payload     TEXT NOT NULL,      -- the message as the bot received it (JSON)
    received_at INTEGER NOT NULL,
    PRIMARY KEY (branch_id, message_id)
) STRICT, WITHOUT ROWID;

-- The WhatsApp ID a message went out under, so that a member's phone asking for it again
-- (a retry receipt), even days and restarts later, gets it.
ALTER TABLE outbox ADD COLUMN wa_id TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_wa_id ON outbox(branch_id, wa_id) WHERE wa_id != '';
