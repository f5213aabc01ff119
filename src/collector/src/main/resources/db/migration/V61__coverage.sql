-- Daily coverage: what the quota bought. Heavy calls per account, UTC day (the budget's day) and
-- kind of work, written as increments after each poll job; and on the meeting, why a swept
-- meeting is still not complete (a participant Zoom did not return in full).
CREATE TABLE call_spend (
    account_id text   NOT NULL,
    utc_day    date   NOT NULL,
    kind       text   NOT NULL CHECK (kind IN ('live', 'sweep', 'roster', 'reconcile')),
    calls      bigint NOT NULL CHECK (calls >= 0),
    PRIMARY KEY (account_id, utc_day, kind)
);

ALTER TABLE meeting ADD COLUMN coverage_gap text;
