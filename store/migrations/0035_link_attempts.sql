-- Wrong NIK and birth date pairs when linking a WhatsApp number to a member (registrasi, choice 1),
-- per phone: kept here, not in the session, so the limit holds across sessions, restarts and
-- "batal". A correct pair clears the row; failures older than the limit's window count no more.
CREATE TABLE link_attempts (
    phone     TEXT PRIMARY KEY,
    failures  INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_at   INTEGER NOT NULL
) STRICT;
