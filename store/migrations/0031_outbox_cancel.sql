-- Staff may cancel a message that failed for good (the back office's outbox page), so it
-- is never retried; who cancelled it and when are kept. The status CHECK changes, so the
-- table is rebuilt, with every column and index it had.
CREATE TABLE outbox_new (
    id            INTEGER PRIMARY KEY,
    branch_id     TEXT NOT NULL,
    to_phone      TEXT NOT NULL,
    transport     TEXT NOT NULL DEFAULT '', -- who delivers it: '' WhatsApp, 'chat' the local simulator
    address       TEXT NOT NULL DEFAULT '', -- where to send it, when not to_phone's own chat
    text          TEXT NOT NULL DEFAULT '',
    image_path    TEXT NOT NULL DEFAULT '',
    bulk          INTEGER NOT NULL DEFAULT 0,
    in_message_id TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       INTEGER NOT NULL,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER,
    wa_id         TEXT NOT NULL DEFAULT '',
    document_path TEXT NOT NULL DEFAULT '',
    cancelled_by  TEXT NOT NULL DEFAULT '',  -- the staff member who cancelled it (staff:siti)
    cancelled_at  INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO outbox_new (id, branch_id, to_phone, transport, address, text, image_path, bulk, in_message_id,
        status, attempts, next_at, last_error, created_at, sent_at, wa_id, document_path)
    SELECT id, branch_id, to_phone, transport, address, text, image_path, bulk, in_message_id,
        status, attempts, next_at, last_error, created_at, sent_at, wa_id, document_path
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_queued ON outbox(branch_id, transport, bulk, id) WHERE status = 'queued';
CREATE INDEX outbox_queued_to ON outbox(branch_id, transport, to_phone, id) WHERE status = 'queued';
CREATE INDEX outbox_wa_id ON outbox(branch_id, wa_id) WHERE wa_id != '';
CREATE INDEX outbox_failed ON outbox(branch_id, id) WHERE status = 'failed';
