-- The payments kept in qris_expired_payments are every QRIS payment the gateway reported that
-- could not be credited while the payer's money moved: made after the QR expired, a second
-- payment of a QR already paid, or a different amount from the QR's. Why, for staff.
ALTER TABLE qris_expired_payments ADD COLUMN reason TEXT NOT NULL DEFAULT 'expired'
    CHECK (reason IN ('expired', 'paid_twice', 'amount_differs'));
