-- What staff changed on a member's record (issue 17 part 1): who, when, which field, old -> new,
-- and why when a reason was given (a suspension, a leave). A NIK is kept masked here: the
-- history is shown to staff and printed, and never holds a full NIK.
CREATE TABLE member_changes (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id),
    field      TEXT NOT NULL CHECK (field <> ''), -- phone, name, address, occupation, birth_date, gender, nik, ceiling, status
    old_value  TEXT NOT NULL DEFAULT '',
    new_value  TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL CHECK (changed_by <> ''),
    changed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX member_changes_member ON member_changes(member_id, id);
