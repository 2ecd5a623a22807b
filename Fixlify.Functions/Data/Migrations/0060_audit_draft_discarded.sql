-- Discarding a workflow's draft is recorded in the audit trail (issue 26): the action check gains 'draft_discarded'.
-- The check is extended rather than written out again, so actions other migrations added before this one are kept.
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
              WHERE conrelid = 'automation_audit_entries'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%action%'
                AND pg_get_constraintdef(oid) NOT LIKE '%draft_discarded%'
    LOOP
        EXECUTE format('ALTER TABLE automation_audit_entries DROP CONSTRAINT %I', c.conname);
        EXECUTE format('ALTER TABLE automation_audit_entries ADD CONSTRAINT %I %s', c.conname,
                       replace(c.def, 'ARRAY[', 'ARRAY[''draft_discarded''::text, '));
    END LOOP;
END $$;
