-- What a journal transaction is, without words of any language (store.Memo as JSON): the
-- line members and staff read is rendered from it in their language. memo keeps the staff's
-- own note; rows from before hold their Indonesian sentence there and no detail.
ALTER TABLE journal ADD COLUMN memo_detail TEXT NOT NULL DEFAULT '';
