-- Terima QRIS: members who sell (merchants) show a dynamic QRIS for an amount; the payment
-- gateway tells kopbot when it is paid (POST /webhooks/qris) and the member's savings are credited.
ALTER TABLE members ADD COLUMN merchant INTEGER NOT NULL DEFAULT 0 CHECK (merchant IN (0, 1));
ALTER TABLE members ADD COLUMN merchant_qris TEXT NOT NULL DEFAULT ''; -- the member's static QRIS payload

CREATE TABLE qris_invoices (
    id             INTEGER PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,        -- QR-000001
    branch_id      TEXT NOT NULL REFERENCES branches(id),
    member_id      INTEGER NOT NULL REFERENCES members(id),
    account_id     INTEGER NOT NULL REFERENCES accounts(id), -- the savings account credited when paid
    amount         INTEGER NOT NULL CHECK (amount > 0),
    note           TEXT NOT NULL DEFAULT '',
    payload        TEXT NOT NULL,               -- the dynamic QRIS payload shown to the payer
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'expired')),
    valid_until    INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    paid_at        INTEGER NOT NULL DEFAULT 0,
    transaction_id TEXT UNIQUE,                 -- the gateway's id of the payment, once paid
    payer_name     TEXT NOT NULL DEFAULT '',
    issuer         TEXT NOT NULL DEFAULT ''     -- the payer's bank or e-wallet
) STRICT;
CREATE INDEX qris_invoices_member_paid ON qris_invoices(member_id, status, paid_at);
