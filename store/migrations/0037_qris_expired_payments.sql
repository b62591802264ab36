-- QRIS payments the gateway says were made after their QR had expired: not credited (the QR was
-- no longer valid), kept here for the branch's staff, who refund the payer or credit the member
-- by hand. One row per gateway transaction: a retried notice adds nothing.
CREATE TABLE qris_expired_payments (
    id             INTEGER PRIMARY KEY,
    transaction_id TEXT NOT NULL UNIQUE,
    invoice_id     INTEGER NOT NULL REFERENCES qris_invoices(id),
    branch_id      TEXT NOT NULL REFERENCES branches(id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    payer_name     TEXT NOT NULL DEFAULT '',
    issuer         TEXT NOT NULL DEFAULT '',
    paid_at        INTEGER NOT NULL,  -- as the gateway says
    received_at    INTEGER NOT NULL   -- when kopbot got the notice
) STRICT;
CREATE INDEX qris_expired_payments_branch ON qris_expired_payments(branch_id, received_at);
