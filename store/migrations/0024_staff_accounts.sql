-- Named staff accounts for the back office (web, WhatsApp admin menu, CLI -by): one row a person.
CREATE TABLE staff (
    username      TEXT PRIMARY KEY CHECK (username = lower(username) AND length(username) BETWEEN 2 AND 32),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('teller', 'manager', 'admin')),
    branches      TEXT NOT NULL DEFAULT '',   -- comma-separated branch ids; admin sees every branch
    phone         TEXT UNIQUE,                -- WhatsApp number (6281...), NULL when none
    language      TEXT NOT NULL DEFAULT 'id' CHECK (language IN ('id', 'en')),
    password_hash TEXT NOT NULL,              -- argon2id$v=19$m=..,t=..,p=..$salt$hash (base64)
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_signins INTEGER NOT NULL DEFAULT 0, -- since the last good sign-in
    locked_until  INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    INTEGER NOT NULL,
    updated_by    TEXT NOT NULL
) STRICT;

-- A signed-in browser: only the SHA-256 of the random token is kept.
CREATE TABLE staff_sessions (
    token_hash  BLOB PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES staff(username),
    csrf        TEXT NOT NULL,            -- the per-session token every form carries
    created_at  INTEGER NOT NULL,
    seen_at     INTEGER NOT NULL,
    remote_addr TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE INDEX staff_sessions_user ON staff_sessions (username);

-- Every staff decision and every view of a full NIK.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,   -- staff:budi, wa:6281..., cli, web
    action    TEXT NOT NULL,   -- application.approve, ktp.reject, nik.view...
    subject   TEXT NOT NULL,   -- 01.00001, REG-000001, PJ-000001, a masked account number
    branch_id TEXT NOT NULL DEFAULT '',
    via       TEXT NOT NULL,   -- web, whatsapp, cli
    origin    TEXT NOT NULL DEFAULT '', -- the web client's address, the WhatsApp number
    detail    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
