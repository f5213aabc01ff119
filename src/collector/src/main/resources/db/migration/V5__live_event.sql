-- The live feed's replayable non-sample events (meeting state, summaries, alerts). The id is the
-- second part of the SSE cursor; rows older than qos.live.event-retention are deleted.
CREATE TABLE live_event (
    id              bigserial   PRIMARY KEY,
    type            text        NOT NULL CHECK (type IN ('MEETING', 'SUMMARY', 'ALERT')),
    account_id      text        NOT NULL,
    meeting_uuid    text,
    participant_key text,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_event_meeting_idx ON live_event (meeting_uuid, id);
CREATE INDEX live_event_created_idx ON live_event (created_at);
