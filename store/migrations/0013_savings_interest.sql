-- Savings interest accrues day by day between postings (issue 16): one row per member savings
-- account that earns, for the posting period it is in. counted has bit i set when the period's
-- day i (0 = period_start) was counted; through is the last day counted, so a day is never
-- counted twice. After the posting the row starts the next period with nothing counted.
CREATE TABLE savings_accruals (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id),
    period_start  TEXT NOT NULL,             -- YYYY-MM-DD, the period's first day
    period_end    TEXT NOT NULL,             -- YYYY-MM-DD, the posting day that ends it
    through       TEXT NOT NULL,             -- YYYY-MM-DD, the last day counted (or posted)
    counted       INTEGER NOT NULL DEFAULT 0,
    earning       INTEGER NOT NULL DEFAULT 0, -- sum of the end-of-day balances that earn by the daily method
    lowest        INTEGER NOT NULL DEFAULT 0  -- the lowest end-of-day balance of the days counted
) STRICT;
CREATE INDEX savings_accruals_end ON savings_accruals(period_end);

-- Monthly fees an account could not pay on the fee day, collected when money is there.
CREATE TABLE savings_fees_owed (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id),
    owed        INTEGER NOT NULL DEFAULT 0 CHECK (owed >= 0)
) STRICT;
CREATE INDEX savings_fees_owed_some ON savings_fees_owed(account_id) WHERE owed > 0;
