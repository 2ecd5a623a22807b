-- Consent follows a phone number, not the string an office typed.
--
-- organizations.country_code: the region (ISO 3166-1 alpha-2) national-format numbers are read in, e.g. 'US', where
-- "(555) 010-4567" is +15550104567. Existing organizations get 'US' (the product's market).
ALTER TABLE organizations
    ADD COLUMN country_code char(2) NOT NULL DEFAULT 'US' CHECK (country_code ~ '^[A-Z]{2}$');

-- The organization's SMS suppression list, keyed by E.164 number: a number on it is never texted, whichever client or
-- template the number came from. Written by an inbound opt-out keyword (STOP), by Telnyx's error 40300, and by the API.
CREATE TABLE sms_suppressions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    phone_e164       varchar(16) NOT NULL CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
    source           varchar(20) NOT NULL CHECK (source IN ('inbound_keyword', 'carrier', 'api')),
    detail           text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, phone_e164)
);
CREATE INDEX idx_sms_suppressions_org_created ON sms_suppressions(organization_id, created_at DESC, id DESC);
SELECT fixlify_secure_tenant_table('sms_suppressions'::regclass);

-- Finding the clients (and the organization's own number) behind an E.164 number. A stored E.164 column cannot be kept
-- right in SQL (only libphonenumber knows national formats) and a column the app fills goes stale whenever anyone else
-- writes clients. The digits of every written form of a number end with its national significant number, so an index
-- on the last 7 digits finds the few candidates and libphonenumber decides among them (Channels/ClientPhoneLookup).
CREATE INDEX idx_clients_phone_tail ON clients (organization_id, right(regexp_replace(phone, '[^0-9]', '', 'g'), 7));
CREATE INDEX idx_organizations_sms_number_tail ON organizations (right(regexp_replace(sms_from_number, '[^0-9]', '', 'g'), 7));
