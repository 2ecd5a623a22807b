-- Roles. Cluster-wide, so created only when missing (several databases of one cluster share them).
--   fixlify_owner    owns every table (the migrating login is made a member so it can hand tables over)
--   fixlify_app      the API's login: not an owner, subject to forced row-level security
--   fixlify_service  the scheduler's and relay's login: may read and write across organizations
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fixlify_owner') THEN
        CREATE ROLE fixlify_owner NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fixlify_app') THEN
        CREATE ROLE fixlify_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fixlify_service') THEN
        CREATE ROLE fixlify_service LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'fixlify_owner', 'MEMBER') THEN
        EXECUTE format('GRANT fixlify_owner TO %I', current_user);
    END IF;
END $$;

GRANT USAGE, CREATE ON SCHEMA public TO fixlify_owner;
GRANT USAGE ON SCHEMA public TO fixlify_app, fixlify_service;

-- Hands a tenant table to the owner, forces row-level security on it and grants the two logins.
-- The app sees only the rows of the organization in `fixlify.org_id` (none when it is unset);
-- the service role sees every row.
CREATE FUNCTION fixlify_secure_tenant_table(target regclass, tenant_column text DEFAULT 'organization_id')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s OWNER TO fixlify_owner', target);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %s TO fixlify_app '
        'USING (%I = nullif(current_setting(''fixlify.org_id'', true), '''')::uuid) '
        'WITH CHECK (%I = nullif(current_setting(''fixlify.org_id'', true), '''')::uuid)',
        target, tenant_column, tenant_column);
    EXECUTE format('DROP POLICY IF EXISTS service_all ON %s', target);
    EXECUTE format('CREATE POLICY service_all ON %s TO fixlify_service USING (true) WITH CHECK (true)', target);
    EXECUTE format('DROP POLICY IF EXISTS owner_all ON %s', target);
    EXECUTE format('CREATE POLICY owner_all ON %s TO fixlify_owner USING (true) WITH CHECK (true)', target);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO fixlify_app, fixlify_service', target);
END $$;
