-- Which replica drives which Zoom account. The account budget is per account, not per replica,
-- so exactly one replica at a time may poll an account; the others only take webhooks.
-- All times are the database's, so replica clock skew cannot create two holders.
CREATE TABLE account_lease (
    account_id  text        PRIMARY KEY,
    holder      text        NOT NULL,
    expires_at  timestamptz NOT NULL,
    acquired_at timestamptz NOT NULL
);
