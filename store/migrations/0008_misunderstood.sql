-- What members wrote that the bot did not understand ("Maaf, kami belum mengerti"),
-- counted per branch and day in the cooperative's time zone, so that staff can add the
-- words members use (kopbot phrases). A phrase is normalised (lower case, spaces
-- collapsed), every run of 4+ digits masked, at most 200 characters; nothing typed where
-- a PIN was asked is ever counted. The housekeeping job forgets days older than
-- jobs.housekeeping.keep_phrases.
CREATE TABLE misunderstood_phrases (
    branch_id  TEXT NOT NULL,
    day        TEXT NOT NULL,   -- YYYY-MM-DD
    phrase     TEXT NOT NULL,
    count      INTEGER NOT NULL CHECK (count > 0),
    last_seen  INTEGER NOT NULL,
    PRIMARY KEY (branch_id, day, phrase)
) STRICT, WITHOUT ROWID;
CREATE INDEX misunderstood_phrases_day ON misunderstood_phrases(day);
