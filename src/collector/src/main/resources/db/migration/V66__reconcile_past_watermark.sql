-- Issue 10: reconciliation also lists the meetings Zoom says ended (List meetings type=past),
-- so a meeting that started and ended while no event reached us is still swept. Each run lists
-- the end times from where the last one stopped: kept here per account, so a restart or the
-- replica that takes the account over continues the same walk instead of starting again.
CREATE TABLE reconcile_watermark (
    account_id      text        PRIMARY KEY,
    -- Every meeting that ended before this (Zoom's time, less the overlap) has been listed.
    past_covered_to timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
