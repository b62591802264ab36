-- How each installment payment was split over a loan's schedule, one row per installment it
-- touched. A reversal adds the same rows negated under its own journal, so sums per
-- installment are what stands: late fees paid so far, and what a reversal must undo.
CREATE TABLE installment_allocations (
    journal_id  INTEGER NOT NULL REFERENCES journal(id),
    loan_id     INTEGER NOT NULL REFERENCES loans(id),
    no          INTEGER NOT NULL,
    late_fee    INTEGER NOT NULL,
    interest    INTEGER NOT NULL,
    principal   INTEGER NOT NULL,
    PRIMARY KEY (journal_id, loan_id, no)
) STRICT;
CREATE INDEX installment_allocations_loan ON installment_allocations(loan_id, no);

-- Which journal transaction reverses which: a journal is reversed at most once, and the
-- staff request that did it is remembered, so the same request again is answered as done.
CREATE TABLE journal_reversals (
    original_id  INTEGER PRIMARY KEY REFERENCES journal(id),
    reversal_id  INTEGER NOT NULL UNIQUE REFERENCES journal(id),
    request_key  TEXT NOT NULL UNIQUE,
    reason       TEXT NOT NULL
) STRICT;
