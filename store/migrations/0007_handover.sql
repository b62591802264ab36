-- A member asked for a person: the bot keeps quiet for them until staff hand them back,
-- they write "menu" or "bot", or the deadline passes. One open handover per chat.
-- released_how: 'staff' (admin menu or kopbot handover release), 'member', 'timeout'.
CREATE TABLE handovers (
    id           INTEGER PRIMARY KEY,
    branch_id    TEXT NOT NULL REFERENCES branches(id),
    phone        TEXT NOT NULL,
    member_id    INTEGER REFERENCES members(id),   -- NULL when the sender is not a member
    started_at   INTEGER NOT NULL,
    deadline     INTEGER NOT NULL,                 -- the bot answers again from then on
    released_at  INTEGER NOT NULL DEFAULT 0,       -- 0 while open
    released_by  TEXT NOT NULL DEFAULT '',
    released_how TEXT NOT NULL DEFAULT '' CHECK (released_how IN ('', 'staff', 'member', 'timeout'))
) STRICT;
CREATE UNIQUE INDEX handovers_open ON handovers(branch_id, phone) WHERE released_at = 0;
CREATE INDEX handovers_deadline ON handovers(deadline) WHERE released_at = 0;

-- Each chat's last incoming texts, for the staff a handover is told to: a line each
-- ("UNIX-SECONDS<TAB>t|p<TAB>TEXT"), oldest first, at most 5, digits masked, none typed
-- where a PIN was asked.
ALTER TABLE sessions ADD COLUMN recent TEXT NOT NULL DEFAULT '';
