-- Lockouts escalate: how many times in a row a member's (or a staff member's) PIN was
-- locked out without a right PIN between. The third locks it until staff reset it.
ALTER TABLE members ADD COLUMN pin_lockouts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff_pins ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
