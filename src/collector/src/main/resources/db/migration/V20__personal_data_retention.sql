-- Personal data has a lifetime (qos.retention.horizon, like the samples): the retention job deletes
-- by these columns every run, so each needs an index to find the few expired rows of one run.
CREATE INDEX webhook_event_received_idx ON webhook_event (received_at);
CREATE INDEX participant_updated_idx ON participant (updated_at);
CREATE INDEX meeting_participant_event_ts_idx ON meeting_participant (last_event_ts);
CREATE INDEX participant_summary_computed_idx ON participant_summary (computed_at);
CREATE INDEX meeting_summary_computed_idx ON meeting_summary (computed_at);
-- Finished meetings by when they last changed: a meeting and everything about it expire together.
CREATE INDEX meeting_finished_updated_idx ON meeting (updated_at) WHERE state = 'ended' AND sweep_state <> 'pending';
