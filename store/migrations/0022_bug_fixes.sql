-- Fixes of issue 17 (bugs found while trying it).

-- A withdrawal the member took back is 'cancelled', as a deposit is; 'rejected' is for staff
-- turning one down. The CHECK changes, so the table is rebuilt; withdrawals members cancelled
-- before (decided by a member, 'member:NO') become 'cancelled'.
CREATE TABLE withdrawal_requests_new (
    id             INTEGER PRIMARY KEY,
    branch_id      TEXT NOT NULL REFERENCES branches(id),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    bank           TEXT NOT NULL,               -- the destination bank
    bank_account   TEXT NOT NULL,               -- the destination account number, digits only
    holder         TEXT NOT NULL,               -- the name on the destination account
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'rejected', 'cancelled')),
    reason         TEXT NOT NULL DEFAULT '',    -- why staff rejected it
    created_at     INTEGER NOT NULL,
    decided_at     INTEGER NOT NULL DEFAULT 0,
    decided_by     TEXT NOT NULL DEFAULT '',
    journal_key    TEXT NOT NULL DEFAULT ''     -- the debit's idempotency key, once paid
) STRICT;
INSERT INTO withdrawal_requests_new (id, branch_id, member_id, account_id, amount, bank, bank_account, holder,
        status, reason, created_at, decided_at, decided_by, journal_key)
    SELECT id, branch_id, member_id, account_id, amount, bank, bank_account, holder,
        CASE WHEN status = 'rejected' AND decided_by LIKE 'member:%' THEN 'cancelled' ELSE status END,
        reason, created_at, decided_at, decided_by, journal_key
    FROM withdrawal_requests;
DROP TABLE withdrawal_requests;
ALTER TABLE withdrawal_requests_new RENAME TO withdrawal_requests;
CREATE INDEX withdrawal_requests_status ON withdrawal_requests(status, id);
CREATE INDEX withdrawal_requests_member ON withdrawal_requests(member_id, status);

-- Members who applied on WhatsApp were created after their message was counted, so they
-- looked as if they never chatted (reminders withheld, staff told to call): their last
-- message still on record says otherwise.
UPDATE members SET last_chat_at = COALESCE((SELECT MAX(p.at) FROM processed_messages p
        WHERE p.branch_id = members.branch_id AND p.phone = members.phone), 0)
    WHERE last_chat_at = 0 AND status NOT IN ('closed', 'rejected');
