-- A document sent with a message (a member's statement as PDF): its file, whose name the
-- member sees; '' for none. The message's text is then the document's caption.
ALTER TABLE outbox ADD COLUMN document_path TEXT NOT NULL DEFAULT '';
