-- Branches are synced from config at start; a branch maps to its WhatsApp device by JID.
CREATE TABLE branches (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    device_jid  TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
    id          INTEGER PRIMARY KEY,
    branch_id   TEXT NOT NULL REFERENCES branches(id),
    member_no   TEXT UNIQUE,
    nik         TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    birth_date  TEXT NOT NULL DEFAULT '',
    gender      TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'L', 'P')),
    address     TEXT NOT NULL DEFAULT '',
    occupation  TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applicant', 'active', 'suspended', 'closed', 'rejected')),
    joined_at   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    ceiling     INTEGER NOT NULL DEFAULT 0,  -- plafon angsuran: the most the member may pay in installments a month
    reg_no      TEXT UNIQUE,                 -- an applicant's registration number, REG-000001
    ktp_photo   TEXT NOT NULL DEFAULT '',    -- path of the KTP photo sent when applying
    consent_at  INTEGER NOT NULL DEFAULT 0,  -- when the applicant agreed to the terms
    decision    TEXT NOT NULL DEFAULT '',    -- the reason an application was rejected
    pin_hash    TEXT NOT NULL DEFAULT '',    -- argon2id; empty until the member sets a PIN
    pin_failures INTEGER NOT NULL DEFAULT 0,
    pin_locked_until INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX members_phone ON members(phone) WHERE status NOT IN ('closed', 'rejected');
CREATE INDEX members_nik ON members(nik);
CREATE INDEX members_name ON members(name COLLATE NOCASE);
CREATE INDEX members_branch ON members(branch_id);

-- Products mirror config; kind says which ledger behaviour applies.
CREATE TABLE products (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('pokok', 'wajib', 'sukarela', 'tabungan', 'deposito', 'pinjaman')),
    name         TEXT NOT NULL,
    min_opening  INTEGER NOT NULL DEFAULT 0,
    min_balance  INTEGER NOT NULL DEFAULT 0,
    rate_bp      INTEGER NOT NULL DEFAULT 0,
    params       TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- Every ledger account: members' savings and loans, and the cooperative's own
-- (cash, bank, QRIS settlement, suspense, equity). balance is the signed sum of
-- postings, credit positive; normal says which sign a healthy balance has.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    branch_id   TEXT NOT NULL REFERENCES branches(id),
    member_id   INTEGER REFERENCES members(id),
    product_id  INTEGER REFERENCES products(id),
    kind        TEXT NOT NULL CHECK (kind IN ('savings', 'deposit', 'loan', 'cash', 'bank', 'qris_settlement', 'suspense', 'equity', 'income')),
    normal      TEXT NOT NULL CHECK (normal IN ('C', 'D')),
    name        TEXT NOT NULL,
    balance     INTEGER NOT NULL DEFAULT 0,
    held        INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen', 'closed')),
    opened_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX accounts_member ON accounts(member_id);

-- One journal transaction per money movement; key makes every movement idempotent.
CREATE TABLE journal (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    branch_id    TEXT NOT NULL REFERENCES branches(id),
    kind         TEXT NOT NULL,
    memo         TEXT NOT NULL DEFAULT '',
    author_kind  TEXT NOT NULL CHECK (author_kind IN ('member', 'admin', 'job', 'gateway', 'system')),
    author_id    TEXT NOT NULL DEFAULT '',
    at           INTEGER NOT NULL
) STRICT;

CREATE TABLE postings (
    id          INTEGER PRIMARY KEY,
    journal_id  INTEGER NOT NULL REFERENCES journal(id),
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    amount      INTEGER NOT NULL CHECK (amount != 0)
) STRICT;
CREATE INDEX postings_account ON postings(account_id, journal_id);
CREATE INDEX postings_journal ON postings(journal_id);

CREATE TABLE time_deposits (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    principal     INTEGER NOT NULL CHECK (principal > 0),
    rate_bp       INTEGER NOT NULL,
    tenor_months  INTEGER NOT NULL CHECK (tenor_months > 0),
    start_date    TEXT NOT NULL,
    maturity_date TEXT NOT NULL,
    rollover      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE loans (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    principal     INTEGER NOT NULL CHECK (principal > 0),
    rate_bp       INTEGER NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('flat', 'annuity', 'declining')),
    tenor_months  INTEGER NOT NULL CHECK (tenor_months > 0),
    start_date    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paid', 'written_off'))
) STRICT;

CREATE TABLE loan_installments (
    loan_id     INTEGER NOT NULL REFERENCES loans(id),
    no          INTEGER NOT NULL,
    due_date    TEXT NOT NULL,
    principal   INTEGER NOT NULL,
    interest    INTEGER NOT NULL,
    paid        INTEGER NOT NULL DEFAULT 0,
    paid_at     INTEGER,
    PRIMARY KEY (loan_id, no)
) STRICT;
CREATE INDEX loan_installments_due ON loan_installments(due_date) WHERE paid_at IS NULL;

-- Loan requests members make over WhatsApp, waiting for the branch.
CREATE TABLE loan_applications (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    product_id    INTEGER NOT NULL REFERENCES products(id),
    amount        INTEGER NOT NULL CHECK (amount > 0),
    tenor_months  INTEGER NOT NULL CHECK (tenor_months > 0),
    installment   INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason        TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    decided_at    INTEGER NOT NULL DEFAULT 0,
    decided_by    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX loan_applications_pending ON loan_applications(status, id);

-- One row per (branch, phone): the active flow, its step and data, and the language.
CREATE TABLE sessions (
    branch_id   TEXT NOT NULL,
    phone       TEXT NOT NULL,
    flow        TEXT NOT NULL DEFAULT '',
    step        TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    lang        TEXT NOT NULL DEFAULT '',
    transport   TEXT NOT NULL DEFAULT '', -- '' for WhatsApp, 'chat' for the local simulator
    address     TEXT NOT NULL DEFAULT '', -- the transport's address to answer to (a WhatsApp chat JID)
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (branch_id, phone)
) STRICT;
CREATE INDEX sessions_active ON sessions(updated_at) WHERE flow != '';

-- Message IDs already handled, so a redelivered message is answered once.
CREATE TABLE processed_messages (
    branch_id   TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    phone       TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (branch_id, message_id)
) STRICT, WITHOUT ROWID;

-- Replies and notifications wait here until the transport accepts them.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    branch_id     TEXT NOT NULL,
    to_phone      TEXT NOT NULL,
    transport     TEXT NOT NULL DEFAULT '', -- who delivers it: '' WhatsApp, 'chat' the local simulator
    address       TEXT NOT NULL DEFAULT '', -- where to send it, when not to_phone's own chat
    text          TEXT NOT NULL DEFAULT '',
    image_path    TEXT NOT NULL DEFAULT '',
    bulk          INTEGER NOT NULL DEFAULT 0,
    in_message_id TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       INTEGER NOT NULL,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    sent_at       INTEGER
) STRICT;
CREATE INDEX outbox_queued ON outbox(branch_id, transport, bulk, id) WHERE status = 'queued';
CREATE INDEX outbox_queued_to ON outbox(branch_id, transport, to_phone, id) WHERE status = 'queued';
