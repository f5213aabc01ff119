-- Which meetings someone watches (an SSE subscriber or an open page filtered on the meeting),
-- per replica: each replica rewrites its own rows every few seconds; a row past expires_at is
-- from a replica that stopped, and counts for nothing. The lease holder of an account reads the
-- union to put watched meetings first.
CREATE TABLE meeting_watch (
    replica      text        NOT NULL,
    meeting_uuid text        NOT NULL,
    watchers     integer     NOT NULL CHECK (watchers > 0),
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (replica, meeting_uuid)
);

-- Meetings an admin pinned (PUT /api/v1/meetings/{uuid}/pin): polled at the interval like
-- watched ones. Configured rules (qos.poll.pin.*) are matched in the service, not stored.
CREATE TABLE meeting_pin (
    meeting_uuid text        PRIMARY KEY,
    pinned_by    text,
    pinned_at    timestamptz NOT NULL DEFAULT now()
);

-- The planner's view of each live meeting, for the API and the page on every replica:
-- fresh / stretched / sweep-only, why, and its attention level.
ALTER TABLE meeting
    ADD COLUMN live_state  text CHECK (live_state IN ('fresh', 'stretched', 'sweep-only')),
    ADD COLUMN live_reason text,
    ADD COLUMN attention   text;
