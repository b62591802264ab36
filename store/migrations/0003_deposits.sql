-- Deposits members report over WhatsApp (setoran by bank transfer, with a photo of the proof),
-- waiting for staff to check the branch's bank account. Nothing moves until staff verify it:
-- then journal_key names the journal transaction that credited the savings account.
CREATE TABLE deposit_requests (
    id             INTEGER PRIMARY KEY,
    branch_id      TEXT NOT NULL REFERENCES branches(id),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    transfer_date  TEXT NOT NULL,               -- the day the member says they transferred, YYYY-MM-DD
    sender_bank    TEXT NOT NULL,
    sender_name    TEXT NOT NULL,               -- the name on the sending account
    proof_photo    TEXT NOT NULL,               -- path of the photo of the transfer proof
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'cancelled')),
    reason         TEXT NOT NULL DEFAULT '',    -- why staff cancelled it; empty when the member did
    created_at     INTEGER NOT NULL,
    decided_at     INTEGER NOT NULL DEFAULT 0,
    decided_by     TEXT NOT NULL DEFAULT '',    -- "cli", "wa:6281...", or "member:01.00001"
    journal_key    TEXT NOT NULL DEFAULT ''     -- the credit's idempotency key, once verified
) STRICT;
CREATE INDEX deposit_requests_status ON deposit_requests(status, id);
CREATE INDEX deposit_requests_member ON deposit_requests(member_id, status);

-- Withdrawals members ask for over WhatsApp, paid by staff to the member's bank account. The
-- amount is held on the savings account (accounts.held) from the request until staff pay it
-- (the hold becomes a debit, journal_key) or reject it (the hold is released).
CREATE TABLE withdrawal_requests (
    id             INTEGER PRIMARY KEY,
    branch_id      TEXT NOT NULL REFERENCES branches(id),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    bank           TEXT NOT NULL,               -- the destination bank
    bank_account   TEXT NOT NULL,               -- the destination account number, digits only
    holder         TEXT NOT NULL,               -- the name on the destination account
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'rejected')),
    reason         TEXT NOT NULL DEFAULT '',    -- why staff rejected it
    created_at     INTEGER NOT NULL,
    decided_at     INTEGER NOT NULL DEFAULT 0,
    decided_by     TEXT NOT NULL DEFAULT '',
    journal_key    TEXT NOT NULL DEFAULT ''     -- the debit's idempotency key, once paid
) STRICT;
CREATE INDEX withdrawal_requests_status ON withdrawal_requests(status, id);
CREATE INDEX withdrawal_requests_member ON withdrawal_requests(member_id, status);
