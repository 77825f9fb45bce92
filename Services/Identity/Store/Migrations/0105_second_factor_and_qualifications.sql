-- ID-2: an administrator may require an SMS code at login of every holder of a role (the
-- per-user requirement is users.second_factor).
ALTER TABLE roles ADD COLUMN require_sms_second_factor boolean NOT NULL DEFAULT false;

-- ID-10: the qualification-certificate images (企业资质证书, 1–5 pages) of an enterprise
-- registration, in the order given, for the reviewing authority.
CREATE TABLE enterprise_qualification_images (
    application_id bigint NOT NULL REFERENCES enterprise_applications (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    image bytea NOT NULL,
    image_sha256 text NOT NULL,
    PRIMARY KEY (application_id, position)
);
