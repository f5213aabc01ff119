-- Participants of one meeting instance. participant_key is ParticipantInfo.keyFor: u:<user_id>,
-- or a digest for guests whose ids Zoom blanks. No foreign key to meeting: the meeting row is
-- another writer's, and a poll must never fail because of the order in which rows arrive.
CREATE TABLE participant (
    meeting_uuid     text        NOT NULL,
    participant_key  text        NOT NULL,
    user_id          text,
    participant_uuid text,
    user_name        text,
    device           text,
    location         text,
    network_type     text,
    join_time        timestamptz,
    leave_time       timestamptz,
    client_version   text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_uuid, participant_key)
);

-- One row per participant-minute, wide: <stream>_<metric> for the six streams (named as Zoom
-- names them in user_qos[]) and the CPU figures. NULL = Zoom reported nothing, never zero.
-- Range-partitioned by day on minute so retention drops whole partitions (no bloat, no vacuum
-- debt); partitions are created ahead by the retention job and on demand by the writer
-- (qos_sample_ensure_partition). id is the feed sequence: assigned on insert and re-assigned when
-- a re-sweep completes a row, so "rows changed after id N" is one index range.
CREATE TABLE qos_sample (
    id              bigserial   NOT NULL,
    meeting_uuid    text        NOT NULL,
    participant_key text        NOT NULL,
    minute          timestamptz NOT NULL,
    -- 0 when inserted, +1 each time a re-sweep completes absent values (RETURNING cannot read
    -- xmax on a partitioned table, so this is how the writer tells inserts from completions).
    revision        integer     NOT NULL DEFAULT 0,
    audio_input_bitrate_kbps   double precision, audio_input_latency_ms   double precision,
    audio_input_jitter_ms      double precision, audio_input_avg_loss_pct double precision,
    audio_input_max_loss_pct   double precision, audio_input_width        integer,
    audio_input_height         integer,          audio_input_fps          double precision,
    audio_output_bitrate_kbps  double precision, audio_output_latency_ms  double precision,
    audio_output_jitter_ms     double precision, audio_output_avg_loss_pct double precision,
    audio_output_max_loss_pct  double precision, audio_output_width       integer,
    audio_output_height        integer,          audio_output_fps         double precision,
    video_input_bitrate_kbps   double precision, video_input_latency_ms   double precision,
    video_input_jitter_ms      double precision, video_input_avg_loss_pct double precision,
    video_input_max_loss_pct   double precision, video_input_width        integer,
    video_input_height         integer,          video_input_fps          double precision,
    video_output_bitrate_kbps  double precision, video_output_latency_ms  double precision,
    video_output_jitter_ms     double precision, video_output_avg_loss_pct double precision,
    video_output_max_loss_pct  double precision, video_output_width       integer,
    video_output_height        integer,          video_output_fps         double precision,
    as_input_bitrate_kbps      double precision, as_input_latency_ms      double precision,
    as_input_jitter_ms         double precision, as_input_avg_loss_pct    double precision,
    as_input_max_loss_pct      double precision, as_input_width           integer,
    as_input_height            integer,          as_input_fps             double precision,
    as_output_bitrate_kbps     double precision, as_output_latency_ms     double precision,
    as_output_jitter_ms        double precision, as_output_avg_loss_pct   double precision,
    as_output_max_loss_pct     double precision, as_output_width          integer,
    as_output_height           integer,          as_output_fps            double precision,
    cpu_zoom_min_pct   double precision,
    cpu_zoom_avg_pct   double precision,
    cpu_zoom_max_pct   double precision,
    cpu_system_max_pct double precision,
    PRIMARY KEY (meeting_uuid, participant_key, minute)
) PARTITION BY RANGE (minute);

-- Feed resume (samplesAfter) and the time-ordered read API.
CREATE INDEX qos_sample_id_idx ON qos_sample (id);
CREATE INDEX qos_sample_meeting_minute_idx ON qos_sample (meeting_uuid, minute, participant_key);

-- Creates the day partition holding `day` if missing. Safe to race: a concurrent creator's
-- duplicate is swallowed.
CREATE FUNCTION qos_sample_ensure_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := 'qos_sample_' || to_char(day, 'YYYYMMDD');
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF qos_sample FOR VALUES FROM (%L) TO (%L)',
                   name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
EXCEPTION
    WHEN duplicate_table OR unique_violation THEN
        NULL;
END;
$$;

-- Summaries, recomputed from qos_sample by SQL (Summaries.recompute*). Per stream rows carry the
-- statistics; the per-participant / per-meeting rows carry minutes and the poor-quality verdict.
CREATE TABLE participant_summary (
    meeting_uuid      text        NOT NULL,
    participant_key   text        NOT NULL,
    minutes_with_data integer     NOT NULL,
    poor_minutes      integer     NOT NULL,
    poor              boolean     NOT NULL,
    computed_at       timestamptz NOT NULL,
    PRIMARY KEY (meeting_uuid, participant_key)
);

CREATE TABLE participant_stream_summary (
    meeting_uuid    text    NOT NULL,
    participant_key text    NOT NULL,
    stream          text    NOT NULL,
    minutes         integer NOT NULL,
    latency_avg  double precision, latency_max  double precision, latency_p95  double precision,
    jitter_avg   double precision, jitter_max   double precision, jitter_p95   double precision,
    loss_avg     double precision, loss_max     double precision, loss_p95     double precision,
    bitrate_avg  double precision, bitrate_max  double precision, bitrate_p95  double precision,
    PRIMARY KEY (meeting_uuid, participant_key, stream)
);

CREATE TABLE meeting_summary (
    meeting_uuid      text        PRIMARY KEY,
    participants      integer     NOT NULL,
    poor_participants integer     NOT NULL,
    minutes_with_data integer     NOT NULL,
    poor_minutes      integer     NOT NULL,
    computed_at       timestamptz NOT NULL
);

CREATE TABLE meeting_stream_summary (
    meeting_uuid text    NOT NULL,
    stream       text    NOT NULL,
    minutes      integer NOT NULL,
    latency_avg  double precision, latency_max  double precision, latency_p95  double precision,
    jitter_avg   double precision, jitter_max   double precision, jitter_p95   double precision,
    loss_avg     double precision, loss_max     double precision, loss_p95     double precision,
    bitrate_avg  double precision, bitrate_max  double precision, bitrate_p95  double precision,
    PRIMARY KEY (meeting_uuid, stream)
);
