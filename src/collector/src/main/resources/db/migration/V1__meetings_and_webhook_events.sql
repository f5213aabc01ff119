-- Meetings are keyed by instance (Zoom's UUID); the numeric meeting ID is carried beside it
-- because recurring meetings and PMIs reuse it across instances.
CREATE TABLE meeting (
    meeting_uuid      text        PRIMARY KEY,
    meeting_id        bigint      NOT NULL,
    account_id        text        NOT NULL,
    host_id           text,
    topic             text,
    meeting_type      integer,
    state             text        NOT NULL CHECK (state IN ('live', 'ended')),
    start_time        timestamptz,
    end_time          timestamptz,
    participant_count integer     NOT NULL DEFAULT 0 CHECK (participant_count >= 0),
    -- The state before the last write, set under the row lock by the upsert itself, so the
    -- writer learns exactly whether its change moved the state (live -> ended), even with
    -- concurrent writers; null when the last write created the row.
    previous_state    text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_state_idx ON meeting (account_id, state);
CREATE INDEX meeting_state_updated_idx ON meeting (state, updated_at DESC);

-- Every accepted webhook, verbatim. The natural key makes a redelivery store nothing new.
CREATE TABLE webhook_event (
    id           bigserial   PRIMARY KEY,
    account_id   text        NOT NULL,
    event        text        NOT NULL,
    event_ts     bigint      NOT NULL,
    meeting_uuid text        NOT NULL,
    dedup_key    text        NOT NULL,
    payload      jsonb       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, dedup_key)
);
CREATE INDEX webhook_event_meeting_idx ON webhook_event (meeting_uuid);

-- Who is in a meeting now, per join/left webhooks: the latest event (by event_ts) per
-- participant wins, so out-of-order deliveries settle on the right answer and
-- meeting.participant_count (the joined rows) can never go negative.
CREATE TABLE meeting_participant (
    meeting_uuid    text    NOT NULL,
    participant_key text    NOT NULL,
    joined          boolean NOT NULL,
    -- joined before the last write (same purpose as meeting.previous_state); null when created.
    was_joined      boolean,
    last_event_ts   bigint  NOT NULL,
    PRIMARY KEY (meeting_uuid, participant_key)
);
