-- CE-8: certificate statistics from tallies kept in the same transactions as the certificates
-- (generation adds, cancel and re-activation move one between valid and cancelled), so that a
-- province's figures read a few thousand tally rows instead of a million certificates
-- (docs/CERTIFICATES.md, "Statistics"). `city` is the institution's city (4-digit division).
ALTER TABLE certificates ADD COLUMN city text NOT NULL DEFAULT '';

CREATE TABLE certificate_tallies (
    org_id bigint NOT NULL,
    org_name text NOT NULL,
    issuer_org_id bigint NOT NULL,
    city text NOT NULL,
    post text NOT NULL,
    issued_on date NOT NULL,
    valid_until date NOT NULL,
    valid integer NOT NULL DEFAULT 0 CHECK (valid >= 0),
    cancelled integer NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
    PRIMARY KEY (org_id, issuer_org_id, city, post, issued_on, valid_until)
);
CREATE INDEX certificate_tallies_issuer ON certificate_tallies (issuer_org_id);

INSERT INTO certificate_tallies (org_id, org_name, issuer_org_id, city, post, issued_on, valid_until, valid, cancelled)
SELECT org_id, max(org_name), issuer_org_id, city, post, issued_on, valid_until,
       count(*) FILTER (WHERE state = 'valid'), count(*) FILTER (WHERE state = 'cancelled')
FROM certificates GROUP BY org_id, issuer_org_id, city, post, issued_on, valid_until;
