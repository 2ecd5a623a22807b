-- The field-service tables the capture triggers watch and the data actions change.

CREATE FUNCTION fixlify_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TABLE organizations (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                   varchar(255) NOT NULL,
    time_zone              text NOT NULL DEFAULT 'UTC',
    email_from_name        varchar(255),
    email_from_address     varchar(320),
    email_reply_to         varchar(320),
    sms_from_number        varchar(20),
    sms_messaging_profile_id text,
    quiet_hours_start      time NOT NULL DEFAULT '21:00',
    quiet_hours_end        time NOT NULL DEFAULT '08:00',
    daily_message_cap      integer CHECK (daily_message_cap IS NULL OR daily_message_cap > 0),
    webhook_secret         text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clients (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    first_name       varchar(100) NOT NULL,
    last_name        varchar(100),
    company          varchar(255),
    email            varchar(320),
    phone            varchar(20),
    address          text,
    time_zone        text,
    status           varchar(20) NOT NULL DEFAULT 'active' CHECK (status IN ('lead', 'active', 'inactive')),
    tags             text[] NOT NULL DEFAULT '{}',
    email_opt_out    boolean NOT NULL DEFAULT false,
    sms_opt_out      boolean NOT NULL DEFAULT false,
    notes            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_clients_org ON clients(organization_id);

CREATE TABLE technicians (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id          uuid,
    first_name       varchar(100) NOT NULL,
    last_name        varchar(100),
    email            varchar(320),
    phone            varchar(20),
    is_active        boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_technicians_org_active ON technicians(organization_id, is_active);

CREATE TABLE jobs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    client_id        uuid REFERENCES clients(id),
    technician_id    uuid REFERENCES technicians(id),
    title            varchar(255) NOT NULL,
    description      text,
    job_type         varchar(50),
    status           varchar(20) NOT NULL DEFAULT 'scheduled'
                     CHECK (status IN ('draft', 'scheduled', 'in_progress', 'on_hold', 'completed', 'cancelled')),
    priority         varchar(10) NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    scheduled_start  timestamptz,
    scheduled_end    timestamptz,
    completed_at     timestamptz,
    total            numeric(12, 2) NOT NULL DEFAULT 0,
    tags             text[] NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_jobs_org_status ON jobs(organization_id, status);
CREATE INDEX idx_jobs_client ON jobs(client_id);

CREATE TABLE invoices (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    client_id        uuid REFERENCES clients(id),
    job_id           uuid REFERENCES jobs(id),
    number           varchar(50) NOT NULL,
    status           varchar(20) NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'sent', 'partially_paid', 'paid', 'void')),
    total            numeric(12, 2) NOT NULL DEFAULT 0,
    amount_paid      numeric(12, 2) NOT NULL DEFAULT 0,
    due_date         date,
    sent_at          timestamptz,
    paid_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_invoices_org_status_due ON invoices(organization_id, status, due_date);

CREATE TABLE estimates (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    client_id        uuid REFERENCES clients(id),
    job_id           uuid REFERENCES jobs(id),
    number           varchar(50) NOT NULL,
    status           varchar(20) NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'expired')),
    total            numeric(12, 2) NOT NULL DEFAULT 0,
    valid_until      date,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_estimates_org_status ON estimates(organization_id, status);

CREATE TABLE tasks (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id    uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title              varchar(255) NOT NULL,
    description        text,
    status             varchar(20) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    due_at             timestamptz,
    assignee_id        uuid REFERENCES technicians(id),
    related_type       varchar(20),
    related_id         uuid,
    created_by_execution uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_tasks_org_status ON tasks(organization_id, status);

CREATE TABLE push_subscriptions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id          uuid NOT NULL,
    endpoint         text NOT NULL UNIQUE,
    p256dh           text NOT NULL,
    auth             text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_push_subscriptions_user ON push_subscriptions(organization_id, user_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organizations', 'clients', 'technicians', 'jobs', 'invoices', 'estimates', 'tasks']
    LOOP
        EXECUTE format('CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION fixlify_touch_updated_at()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['clients', 'technicians', 'jobs', 'invoices', 'estimates', 'tasks', 'push_subscriptions']
    LOOP
        PERFORM fixlify_secure_tenant_table(t::regclass);
    END LOOP;
    PERFORM fixlify_secure_tenant_table('organizations'::regclass, 'id');
END $$;
