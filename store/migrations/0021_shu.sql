-- SHU (sisa hasil usaha), the year's surplus shared once a year (issue 17 part 5). The
-- branch's own accounts gain three kinds: shu_distributed (the surplus of a year taken out of
-- the books' running surplus when it is shared), reserve (dana cadangan, which stays with the
-- cooperative) and shu_fund (one account per fund the AD/ART names: pengurus, karyawan,
-- pendidikan, sosial, pembangunan daerah kerja). SQLite changes a CHECK only by copying the
-- table; migrations run with foreign keys off and prove every reference afterwards.
CREATE TABLE accounts_new (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    branch_id   TEXT NOT NULL REFERENCES branches(id),
    member_id   INTEGER REFERENCES members(id),
    product_id  INTEGER REFERENCES products(id),
    kind        TEXT NOT NULL CHECK (kind IN ('savings', 'deposit', 'loan', 'cash', 'bank', 'qris_settlement', 'suspense', 'equity', 'income',
                                              'interest_expense', 'tax_payable', 'fee_income', 'fee_receivable', 'insurance_payable',
                                              'shu_distributed', 'reserve', 'shu_fund')),
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

-- A year's SHU of a branch, shared: at most once. The figures are those the shares were
-- computed from, so the notice and a later look agree with what was posted.
CREATE TABLE shu_years (
    branch_id      TEXT NOT NULL REFERENCES branches(id),
    year           INTEGER NOT NULL,
    surplus        INTEGER NOT NULL CHECK (surplus > 0),
    savings_pool   INTEGER NOT NULL, -- jasa simpanan, shared by average savings
    loans_pool     INTEGER NOT NULL, -- jasa pinjaman, shared by loan interest paid
    total_average  INTEGER NOT NULL, -- the members' average savings added up
    total_interest INTEGER NOT NULL, -- the members' loan interest paid added up
    posted_at      INTEGER NOT NULL,
    posted_by      TEXT NOT NULL,
    PRIMARY KEY (branch_id, year)
) STRICT;

-- Each member's share of a year's SHU, as credited to their savings.
CREATE TABLE shu_shares (
    branch_id       TEXT NOT NULL,
    year            INTEGER NOT NULL,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    account_id      INTEGER NOT NULL REFERENCES accounts(id), -- the savings credited
    average_savings INTEGER NOT NULL,
    interest_paid   INTEGER NOT NULL,
    savings_share   INTEGER NOT NULL,
    loans_share     INTEGER NOT NULL,
    PRIMARY KEY (branch_id, year, member_id),
    FOREIGN KEY (branch_id, year) REFERENCES shu_years(branch_id, year)
) STRICT;
CREATE INDEX shu_shares_member ON shu_shares(member_id);
