-- The planner's durable state: what a restarted replica needs to resume where it was.
ALTER TABLE meeting
    ADD COLUMN sweep_state    text        NOT NULL DEFAULT 'pending'
        CHECK (sweep_state IN ('pending', 'swept', 'given_up')),
    ADD COLUMN last_polled_at timestamptz,
    ADD COLUMN swept_at       timestamptz,
    ADD COLUMN sweep_note     text,
    ADD COLUMN closed_by      text;

-- The reload query: live meetings and ended ones still waiting for their sweep.
CREATE INDEX meeting_unfinished_idx ON meeting (account_id)
    WHERE state = 'live' OR sweep_state = 'pending';
