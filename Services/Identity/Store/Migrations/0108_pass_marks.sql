-- AS-3: a post's or trade's own pass marks (0: the province's assessment.pass_theory and
-- assessment.pass_practice), versioned with the rest of the catalog entry.
ALTER TABLE catalog_entries
    ADD COLUMN pass_theory integer NOT NULL DEFAULT 0 CHECK (pass_theory BETWEEN 0 AND 100),
    ADD COLUMN pass_practice integer NOT NULL DEFAULT 0 CHECK (pass_practice BETWEEN 0 AND 100);
