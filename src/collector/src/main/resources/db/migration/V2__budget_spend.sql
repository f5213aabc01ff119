-- Heavy calls granted per Zoom account and UTC day, so a restart does not forget what was spent.
-- Written as increments (spent = spent + excluded.spent) by the budget's periodic flush.
CREATE TABLE budget_spend (
    account_id text        NOT NULL,
    utc_day    date        NOT NULL,
    spent      bigint      NOT NULL CHECK (spent >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, utc_day)
);
