-- Alerts to the office, and in-doubt sends as a decision (issue 25, ADR 0018).

-- Who is told, and how: email addresses, phone numbers (E.164) for texts, and the web app; how long one alert covers
-- a workflow version (later failures in the period are counted into one digest); which channels resend an in-doubt
-- message by themselves (at-least-once) instead of asking the office (the default: never twice).
CREATE TABLE automation_alert_settings (
    organization_id   uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    emails            text[] NOT NULL DEFAULT '{}',
    phones            text[] NOT NULL DEFAULT '{}',
    in_app            boolean NOT NULL DEFAULT true,
    period_minutes    integer NOT NULL DEFAULT 60 CHECK (period_minutes BETWEEN 5 AND 1440),
    resend_in_doubt   text[] NOT NULL DEFAULT '{}',
    updated_at        timestamptz NOT NULL DEFAULT now()
);
SELECT fixlify_secure_tenant_table('automation_alert_settings'::regclass);

-- A workflow muted until a time: its failures are still listed, nobody is sent an alert about them.
CREATE TABLE automation_alert_mutes (
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    workflow_id      uuid NOT NULL,
    until            timestamptz NOT NULL,
    PRIMARY KEY (organization_id, workflow_id)
);
SELECT fixlify_secure_tenant_table('automation_alert_mutes'::regclass);

-- One row per thing that needs the office's attention: a workflow version failing (one per period), a provider not
-- answering (one per outage), a send in doubt (one per delivery). What has been told is marked on the row, so each
-- part (the alert, the digest, the recovery) is told once.
CREATE TABLE automation_alerts (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind              varchar(20) NOT NULL CHECK (kind IN ('failure', 'outage', 'in_doubt')),
    subject_key       text NOT NULL,           -- failure: workflow id:version; outage: the provider; in_doubt: the delivery id
    workflow_id       uuid,
    workflow_version  integer,
    execution_id      uuid,                    -- the first failed (or in-doubt) execution
    error             text,                    -- as the engine wrote it; put in words when told
    words             text,                    -- an outage's words, as the circuit gave them
    waiting           integer,                 -- messages held (an outage)
    first_at          timestamptz NOT NULL DEFAULT now(),
    last_at           timestamptz NOT NULL DEFAULT now(),
    period_ends_at    timestamptz NOT NULL,
    later_count       integer NOT NULL DEFAULT 0,
    recovered_at      timestamptz,
    dismissed_at      timestamptz,
    opened_told_at    timestamptz,
    digest_told_at    timestamptz,
    recovery_told_at  timestamptz
);
SELECT fixlify_secure_tenant_table('automation_alerts'::regclass);
CREATE INDEX idx_alerts_open_failures ON automation_alerts (workflow_id) WHERE kind = 'failure' AND recovered_at IS NULL;
CREATE INDEX idx_alerts_current ON automation_alerts (organization_id, kind, subject_key, period_ends_at DESC);
CREATE UNIQUE INDEX idx_alerts_in_doubt_once ON automation_alerts (organization_id, subject_key) WHERE kind = 'in_doubt';
CREATE INDEX idx_alerts_untold ON automation_alerts (first_at)
    WHERE opened_told_at IS NULL OR (digest_told_at IS NULL AND later_count > 0) OR (recovered_at IS NOT NULL AND recovery_told_at IS NULL);

-- Each message an alert sends, one per recipient and part, written when the part is told and claimed once by the
-- sender: a send that fails is logged and marked, never alerted about (alerts do not alert about themselves).
CREATE TABLE automation_alert_sends (
    alert_id         uuid NOT NULL REFERENCES automation_alerts(id) ON DELETE CASCADE,
    part             varchar(10) NOT NULL CHECK (part IN ('opened', 'digest', 'recovery')),
    recipient        text NOT NULL,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    channel          varchar(10) NOT NULL CHECK (channel IN ('email', 'sms')),
    subject          text NOT NULL,
    body             text NOT NULL,
    send_after       timestamptz NOT NULL DEFAULT now(),
    status           varchar(10) NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'sending', 'sent', 'failed')),
    sent_at          timestamptz,
    PRIMARY KEY (alert_id, part, recipient)
);
SELECT fixlify_secure_tenant_table('automation_alert_sends'::regclass);
CREATE INDEX idx_alert_sends_due ON automation_alert_sends (send_after) WHERE status = 'due';

-- A send in doubt (claimed, then the process died before recording it): when a later attempt found it, what it was
-- (kept only while the send is unrecorded, to resend it with one click), and the office's decision.
ALTER TABLE automation_deliveries ADD COLUMN message jsonb;
ALTER TABLE automation_deliveries ADD COLUMN in_doubt_at timestamptz;
ALTER TABLE automation_deliveries ADD COLUMN decision varchar(10) CHECK (decision IN ('resent', 'dismissed'));
ALTER TABLE automation_deliveries ADD COLUMN decided_at timestamptz;
CREATE INDEX idx_deliveries_in_doubt ON automation_deliveries (organization_id, in_doubt_at) WHERE in_doubt_at IS NOT NULL AND decision IS NULL;
