-- When a member left the cooperative (status 'closed' through leaving); 0 while a member.
-- The members report counts leavers by it; the lifecycle sets it.
ALTER TABLE members ADD COLUMN left_at INTEGER NOT NULL DEFAULT 0;
