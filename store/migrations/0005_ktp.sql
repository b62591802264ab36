-- Verifikasi KTP: a member sends their NIK, name, birth date and photos; a verifier (staff,
-- or a Dukcapil aggregator first) decides. The latest verification of a member is their status.
CREATE TABLE ktp_verifications (
    id            INTEGER PRIMARY KEY,
    branch_id     TEXT NOT NULL REFERENCES branches(id),
    member_id     INTEGER NOT NULL REFERENCES members(id),
    nik           TEXT NOT NULL,
    name          TEXT NOT NULL,               -- as on the KTP, as the member typed it
    birth_date    TEXT NOT NULL,               -- 2006-01-02
    ktp_photo     TEXT NOT NULL DEFAULT '',    -- emptied when the photo is deleted
    selfie_photo  TEXT NOT NULL DEFAULT '',
    verifier      TEXT NOT NULL CHECK (verifier IN ('manual', 'http')),
    -- checking: waiting for the aggregator; review: waiting for staff; then verified or rejected
    status        TEXT NOT NULL CHECK (status IN ('checking', 'review', 'verified', 'rejected')),
    note          TEXT NOT NULL DEFAULT '',    -- why staff review it (the aggregator's partial match, its failure)
    reason        TEXT NOT NULL DEFAULT '',    -- why it was rejected, as the member is told
    attempts      INTEGER NOT NULL DEFAULT 0,  -- calls made to the aggregator
    next_at       INTEGER NOT NULL DEFAULT 0,  -- when to call the aggregator (again)
    created_at    INTEGER NOT NULL,
    decided_at    INTEGER NOT NULL DEFAULT 0,
    decided_by    TEXT NOT NULL DEFAULT '',    -- http, or the staff member: wa:62..., cli:..., web
    photos_deleted_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX ktp_verifications_member ON ktp_verifications(member_id, id);
CREATE INDEX ktp_verifications_open ON ktp_verifications(status, next_at) WHERE status IN ('checking', 'review');
CREATE INDEX ktp_verifications_nik ON ktp_verifications(nik) WHERE status = 'verified';
CREATE INDEX ktp_verifications_photos ON ktp_verifications(decided_at) WHERE photos_deleted_at = 0 AND status IN ('verified', 'rejected');

-- When an application was approved or rejected: its KTP photo is deleted a retention later.
ALTER TABLE members ADD COLUMN decided_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX members_application_photo ON members(decided_at) WHERE ktp_photo != '';

-- Every call to the aggregator and what came of it.
CREATE TABLE ktp_checks (
    id              INTEGER PRIMARY KEY,
    verification_id INTEGER NOT NULL REFERENCES ktp_verifications(id),
    reference_id    TEXT NOT NULL,             -- sent to the aggregator: KTP-000001-1
    at              INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('match', 'partial', 'error')),
    nik_match       INTEGER NOT NULL DEFAULT 0,
    name_match      INTEGER NOT NULL DEFAULT 0,
    birth_match     INTEGER NOT NULL DEFAULT 0,
    error           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX ktp_checks_verification ON ktp_checks(verification_id);
