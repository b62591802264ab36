-- A QRIS payment not credited is settled by hand by the branch's staff: refunded to the payer
-- through the payment provider, or credited to the member at the teller. Who, when, how and a
-- short note are kept, so the list of what waits only holds what still waits. settled_how ''
-- is not settled yet.
ALTER TABLE qris_expired_payments ADD COLUMN settled_how TEXT NOT NULL DEFAULT ''
    CHECK (settled_how IN ('', 'refunded', 'credited'));
ALTER TABLE qris_expired_payments ADD COLUMN settled_by TEXT NOT NULL DEFAULT '';
ALTER TABLE qris_expired_payments ADD COLUMN settled_at INTEGER;
ALTER TABLE qris_expired_payments ADD COLUMN settle_note TEXT NOT NULL DEFAULT '';
CREATE INDEX qris_expired_payments_unsettled ON qris_expired_payments(branch_id) WHERE settled_how = '';
