-- Issue 10: events arrive by webhook and/or WebSocket, QoS also by QSS push events, and
-- reconciliation against Zoom's list of live meetings adopts or ends what events missed.

-- Where a participant-minute came from: 'poll' (Dashboard QoS API) or 'qss' (QSS push events).
-- One row per participant-minute whatever the source: the first writer names it; a later
-- writer of the other source only fills values still NULL (QosRepository's upsert).
ALTER TABLE qos_sample
    ADD COLUMN source text NOT NULL DEFAULT 'poll' CHECK (source IN ('poll', 'qss'));

-- How an event reached us; the natural key (account_id, dedup_key) is the same for both, so
-- an event delivered by webhook and by WebSocket is stored once.
ALTER TABLE webhook_event
    ADD COLUMN source text NOT NULL DEFAULT 'webhook' CHECK (source IN ('webhook', 'websocket'));

ALTER TABLE meeting
    -- What made us know the meeting when no meeting.started did: 'qss' (a QoS event came first)
    -- or 'reconcile' (Zoom's list of live meetings); null when meeting.started did.
    ADD COLUMN discovered_by text,
    -- The newest QSS sample's minute: a meeting with QSS flowing gets no live polls.
    ADD COLUMN qss_last_at   timestamptz;

-- meeting.participant_qos_summary as Zoom sent it (min/avg/max per stream type), one per
-- participant; our own summaries are recomputed from the samples beside it.
CREATE TABLE participant_qss_summary (
    meeting_uuid    text        NOT NULL,
    participant_key text        NOT NULL,
    event_ts        bigint      NOT NULL,
    qos             jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_uuid, participant_key)
);
