-- GW-2: each user's role names and permissions, kept on the user row by triggers in the same
-- transaction as any change to their roles or to a role they hold. The session lookup that
-- every signed-in request makes (Authenticate, GetMe) reads two columns instead of aggregating
-- user_roles × roles × unnest(permissions); a role change still takes effect at the next
-- request, as before.
ALTER TABLE users
    ADD COLUMN role_names text[] NOT NULL DEFAULT '{}',
    ADD COLUMN permissions text[] NOT NULL DEFAULT '{}';

-- Recomputes one user's grants. The user row is locked first, so two transactions changing the
-- same user's roles apply one after the other and the second sees the first's rows (each
-- statement of a volatile function takes a new snapshot under READ COMMITTED).
CREATE FUNCTION refresh_user_grants(target bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM users WHERE id = target FOR UPDATE;
    UPDATE users SET
        role_names = ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                           WHERE ur.user_id = target ORDER BY r.name),
        permissions = ARRAY(SELECT DISTINCT p FROM user_roles ur JOIN roles r ON r.id = ur.role_id,
                            unnest(r.permissions) AS p WHERE ur.user_id = target ORDER BY p)
    WHERE id = target;
END
$$;

CREATE FUNCTION user_roles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM refresh_user_grants(NEW.user_id); END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN PERFORM refresh_user_grants(OLD.user_id); END IF;
    RETURN NULL;
END
$$;

-- Deleting a role or a user cascades to user_roles, which fires this too.
CREATE TRIGGER user_roles_grants AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION user_roles_changed();

CREATE FUNCTION roles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_user_grants(ur.user_id) FROM user_roles ur WHERE ur.role_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER roles_grants AFTER UPDATE OF name, permissions ON roles
    FOR EACH ROW EXECUTE FUNCTION roles_changed();

SELECT refresh_user_grants(id) FROM users;
