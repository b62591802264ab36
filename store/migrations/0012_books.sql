-- The cooperative's books run by themselves: interest, fees, tax, maturities and loan grades.
-- The cooperative's own accounts gain the kinds those postings need, so accounts is rebuilt
-- (SQLite changes a CHECK only by copying the table; migrations run with foreign keys off and
-- prove every reference afterwards).
CREATE TABLE accounts_new (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    branch_id   TEXT NOT NULL REFERENCES branches(id),
    member_id   INTEGER REFERENCES members(id),
    product_id  INTEGER REFERENCES products(id),
    kind        TEXT NOT NULL CHECK (kind IN ('savings', 'deposit', 'loan', 'cash', 'bank', 'qris_settlement', 'suspense', 'equity', 'income',
                                              'interest_expense', 'tax_payable', 'fee_income', 'fee_receivable', 'insurance_payable')),
    normal      TEXT NOT NULL CHECK (normal IN ('C', 'D')),
    name        TEXT NOT NULL,
    balance     INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen', 'closed')),
    opened_at   INTEGER NOT NULL
) STRICT;
INSERT INTO accounts_new (id, number, branch_id, member_id, product_id, kind, normal, name, balance, held, status, opened_at)
    SELECT id, number, branch_id, member_id, product_id, kind, normal, name, balance, held, status, opened_at FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_new RENAME TO accounts;
CREATE INDEX accounts_member ON accounts(member_id);
CREATE INDEX accounts_product ON accounts(product_id) WHERE product_id IS NOT NULL;

-- Journal transactions by time, so a day's close finds what moved after it.
CREATE INDEX journal_at ON journal(at);

-- Each calendar day the close has run for (the cooperative's time zone), and each of its
-- steps: a close cut short goes on from the first step not done; a closed day is never run again.
CREATE TABLE day_closes (
    day         TEXT PRIMARY KEY,           -- YYYY-MM-DD
    started_at  INTEGER NOT NULL,
    closed_at   INTEGER NOT NULL DEFAULT 0, -- 0 while a step is still to run
    summary     TEXT NOT NULL DEFAULT ''    -- what each step did, one line each
) STRICT, WITHOUT ROWID;

CREATE TABLE day_close_steps (
    day      TEXT NOT NULL REFERENCES day_closes(day),
    step     TEXT NOT NULL,
    done_at  INTEGER NOT NULL,
    summary  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (day, step)
) STRICT, WITHOUT ROWID;
