-- Who opened a handover: 'member' (asked for a person) or 'staff' (wrote to the member from
-- the branch's own phone: the bot keeps quiet for handover.staff_quiet after staff's last message).
ALTER TABLE handovers ADD COLUMN started_by TEXT NOT NULL DEFAULT 'member' CHECK (started_by IN ('member', 'staff'));

-- The disappearing-messages timer of each chat, as the member's last message carried it
-- (seconds; a chat with none has no row), so kopbot's messages to it disappear alike.
CREATE TABLE chat_expiry (
    branch_id  TEXT NOT NULL REFERENCES branches(id),
    phone      TEXT NOT NULL,      -- the member's phone, or their LID address when unknown
    seconds    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (branch_id, phone)
) STRICT, WITHOUT ROWID;
