-- Time deposits earn, mature, roll over, pay out and break (issue 16 part 3). Each deposit
-- gains what happens at maturity (instruction), the savings account that receives its
-- interest and payouts, how its interest is paid (fixed at placement from the product), the
-- term it is in (a rollover starts the next), how far its interest is paid, the next day
-- something happens to it, and whether it ended. SQLite changes a table's CHECKs only by
-- copying it.
--
-- Existing rows: rollover=1 becomes ARO of the principal (the interest goes to savings),
-- rollover=0 a payout to savings; the receiving account is the member's first active
-- sukarela or tabungan account (the lowest account id), NULL when the member has none (the
-- close then credits the branch's suspense account and staff settle it by hand).
CREATE TABLE time_deposits_new (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    principal         INTEGER NOT NULL CHECK (principal > 0),
    rate_bp           INTEGER NOT NULL,
    tenor_months      INTEGER NOT NULL CHECK (tenor_months > 0),
    start_date        TEXT NOT NULL,               -- the current term's first day
    maturity_date     TEXT NOT NULL,               -- the current term's maturity
    instruction       TEXT NOT NULL CHECK (instruction IN ('aro_principal', 'aro_total', 'payout')),
    payout_account_id INTEGER REFERENCES accounts(id),
    interest_payout   TEXT NOT NULL DEFAULT 'maturity' CHECK (interest_payout IN ('monthly', 'maturity')),
    term              INTEGER NOT NULL DEFAULT 1 CHECK (term > 0),
    paid_through      TEXT NOT NULL,               -- interest of the current term is paid up to this day
    next_event        TEXT NOT NULL,               -- the next monthiversary or maturity the close acts on
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid_out', 'withdrawn')),
    ended_at          TEXT NOT NULL DEFAULT ''     -- the day it was paid out or withdrawn
) STRICT;
INSERT INTO time_deposits_new (id, account_id, principal, rate_bp, tenor_months, start_date, maturity_date, instruction,
        payout_account_id, interest_payout, term, paid_through, next_event, status)
    SELECT d.id, d.account_id, d.principal, d.rate_bp, d.tenor_months, d.start_date, d.maturity_date,
        CASE d.rollover WHEN 0 THEN 'payout' ELSE 'aro_principal' END,
        (SELECT s.id FROM accounts s JOIN products p ON p.id = s.product_id
            WHERE s.member_id = a.member_id AND s.kind = 'savings' AND s.status = 'active' AND p.kind IN ('sukarela', 'tabungan')
            ORDER BY s.id LIMIT 1),
        'maturity', 1, d.start_date, d.maturity_date,
        CASE a.status WHEN 'closed' THEN 'paid_out' ELSE 'active' END
    FROM time_deposits d JOIN accounts a ON a.id = d.account_id;
DROP TABLE time_deposits;
ALTER TABLE time_deposits_new RENAME TO time_deposits;
CREATE INDEX time_deposits_next ON time_deposits(status, next_event);
