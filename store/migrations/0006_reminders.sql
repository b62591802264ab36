-- Scheduled reminders. Each reminder is recorded under its key in the same transaction as
-- its outbox entry, so reruns, restarts and overlapping runs never send it twice.
-- member_id is 0 for staff (the digest), whose item then names the admin's phone.
-- status: 'queued' (outbox_id says which message), 'call' (the member never chatted with
-- the branch, so staff should call them instead of the bot writing first).
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    branch_id   TEXT NOT NULL,
    member_id   INTEGER NOT NULL,
    item        TEXT NOT NULL,              -- what it is about: loan:12#4, deposit:3, wajib:7, staff:6281...
    kind        TEXT NOT NULL,              -- installment-due-3d, overdue-2d, maturity-7d, simpanan-wajib, staff-digest
    due_date    TEXT NOT NULL,              -- YYYY-MM-DD: the installment's due date, the maturity, the month, the day
    phone       TEXT NOT NULL,
    amount      INTEGER NOT NULL DEFAULT 0, -- the figure the member was told
    status      TEXT NOT NULL CHECK (status IN ('queued', 'call')),
    outbox_id   INTEGER,
    created_at  INTEGER NOT NULL,
    UNIQUE (member_id, item, kind, due_date)
) STRICT;
CREATE INDEX reminders_calls ON reminders(branch_id, status, created_at);

-- When a member last wrote to their branch's number: reminders go by default only to
-- members who have (WhatsApp bans numbers that write first to strangers).
ALTER TABLE members ADD COLUMN last_chat_at INTEGER NOT NULL DEFAULT 0;
-- The member said "stop pengingat": no reminders until "mulai pengingat".
ALTER TABLE members ADD COLUMN reminders_off INTEGER NOT NULL DEFAULT 0 CHECK (reminders_off IN (0, 1));
UPDATE members SET last_chat_at = (SELECT MAX(s.updated_at) FROM sessions s WHERE s.branch_id = members.branch_id AND s.phone = members.phone)
WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.branch_id = members.branch_id AND s.phone = members.phone);

-- The last run of each scheduled job: what `kopbot jobs list` shows, and where a restart
-- looks for a run missed while the service was down.
CREATE TABLE job_runs (
    name         TEXT PRIMARY KEY,
    scheduled_at INTEGER NOT NULL,          -- the slot of the schedule the run was for
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,             -- ok, failed, skipped (missed, outside the catch-up window)
    summary      TEXT NOT NULL DEFAULT ''
) STRICT;
