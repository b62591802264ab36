-- A loan's life (issue 16): approved (no money out, no schedule) -> active (disbursed; the
-- schedule runs from the disbursement day) -> paid or written off. Each loan keeps its days
-- past due and collectibility grade, recomputed by the day's close, and the collateral staff
-- record on it. SQLite changes a CHECK only by copying the table (migrations run with foreign
-- keys off and prove every reference afterwards).
CREATE TABLE loans_new (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    principal      INTEGER NOT NULL CHECK (principal > 0),
    rate_bp        INTEGER NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('flat', 'annuity', 'declining')),
    tenor_months   INTEGER NOT NULL CHECK (tenor_months > 0),
    start_date     TEXT NOT NULL,              -- the approval day until disbursed, then the disbursement day
    status         TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved', 'active', 'paid', 'written_off')),
    disbursed_at   INTEGER NOT NULL DEFAULT 0, -- 0 while approved (and for loans brought in owing)
    days_past_due  INTEGER NOT NULL DEFAULT 0 CHECK (days_past_due >= 0),
    grade          TEXT NOT NULL DEFAULT 'current' CHECK (grade IN ('current', 'special_mention', 'substandard', 'doubtful', 'loss'))
) STRICT;
INSERT INTO loans_new (id, account_id, principal, rate_bp, method, tenor_months, start_date, status, disbursed_at)
    SELECT l.id, l.account_id, l.principal, l.rate_bp, l.method, l.tenor_months, l.start_date, l.status,
        COALESCE((SELECT MIN(j.at) FROM postings p JOIN journal j ON j.id = p.journal_id
            WHERE p.account_id = l.account_id AND j.kind = 'pencairan'
            AND NOT EXISTS (SELECT 1 FROM journal_reversals r WHERE r.original_id = j.id)), 0)
    FROM loans l;
DROP TABLE loans;
ALTER TABLE loans_new RENAME TO loans;

-- An 'active' loan never paid out (no standing disbursement, nothing owed, nothing paid) was
-- only approved: it waits for its disbursement, and its schedule, made from the approval
-- day, goes (the disbursement makes a new one from its own day).
UPDATE loans SET status = 'approved'
    WHERE status = 'active' AND disbursed_at = 0
    AND (SELECT balance FROM accounts a WHERE a.id = loans.account_id) = 0
    AND NOT EXISTS (SELECT 1 FROM installment_allocations ia WHERE ia.loan_id = loans.id)
    AND NOT EXISTS (SELECT 1 FROM loan_installments i WHERE i.loan_id = loans.id AND i.paid > 0);
DELETE FROM loan_installments WHERE loan_id IN (SELECT id FROM loans WHERE status = 'approved');
CREATE INDEX loans_status ON loans(status);

-- What a borrower pledged (jaminan), recorded by staff; a loan may have several.
CREATE TABLE loan_collateral (
    id           INTEGER PRIMARY KEY,
    loan_id      INTEGER NOT NULL REFERENCES loans(id),
    kind         TEXT NOT NULL CHECK (kind <> ''),  -- BPKB, sertifikat, SK, emas, ...
    description  TEXT NOT NULL,
    value        INTEGER NOT NULL CHECK (value >= 0), -- estimated, rupiah
    recorded_by  TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX loan_collateral_loan ON loan_collateral(loan_id);
