-- Four eyes on large money (issue 18): a disbursement, a reversal, a cash withdrawal or a
-- withdrawal to pay above the configured amount waits here for a second staff member. The
-- operation's parameters are kept to replay it exactly; nothing moves until it is approved.
CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY,                      -- APV-000012
    branch_id   TEXT NOT NULL REFERENCES branches(id),
    kind        TEXT NOT NULL CHECK (kind IN ('disbursement', 'reversal', 'cash_withdrawal', 'withdrawal')),
    subject     TEXT NOT NULL,                            -- the loan, account (masked), journal or withdrawal number
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    params      TEXT NOT NULL,                            -- JSON: the operation's parameters, replayed on approval
    maker       TEXT NOT NULL,                            -- the staff member who asked (an actor: wa:628..., staff:NAME)
    made_at     INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'expired')),
    checker     TEXT NOT NULL DEFAULT '',                 -- who approved or rejected it
    decided_at  INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',                 -- why the checker rejected it
    journal_key TEXT NOT NULL DEFAULT ''                  -- the movement's idempotency key, once approved
) STRICT;
CREATE INDEX approvals_pending ON approvals(branch_id, status, id);

-- Staff on WhatsApp confirm a disbursement, a reversal or a PIN reset with a PIN of their own,
-- set the first time it is asked for; wrong ones lock it out as a member's would.
CREATE TABLE staff_pins (
    branch_id    TEXT NOT NULL REFERENCES branches(id),
    phone        TEXT NOT NULL,
    pin_hash     TEXT NOT NULL DEFAULT '',
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (branch_id, phone)
) STRICT, WITHOUT ROWID;
