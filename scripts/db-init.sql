-- One database role per service, each owning only its own schema of the same name
-- (docs/DATABASE.md). Because a role's default search_path starts with "$user", each service
-- finds its tables without qualifying them, and cannot read another service's schema.
-- Passwords here are throw-away development values; production creates roles with its own.
-- Run against the `training` database as a superuser; safe to run again.
DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['identity', 'enrollment', 'classes', 'assessment', 'certificates'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', service, service || '-dev-password');
        END IF;
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', service, service);
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', service);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), service);
    END LOOP;
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE training FROM PUBLIC;
