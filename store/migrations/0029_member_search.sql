-- The back office's member search (issue 18): a phone number finds a member who left too,
-- which the unique index members_phone (current members and applicants only) cannot serve.
CREATE INDEX members_phone_any ON members(phone);
