-- When a member's simpanan wajib dues start, for members brought in from another system's books.
-- wajib_paid_through: the last month paid before kopbot ('2026-11'); '' counts dues from joining.
-- wajib_exempt: 1 when the member owes no simpanan wajib at all.
-- wajib_opening: the wajib balance brought in, which paid the months through wajib_paid_through;
-- only what the account holds beyond it pays the months after.
ALTER TABLE members ADD COLUMN wajib_paid_through TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN wajib_exempt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN wajib_opening INTEGER NOT NULL DEFAULT 0;
