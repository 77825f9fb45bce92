-- CE-6: each issuing authority's certificate paper: page size and where each part goes
-- (docs/CERTIFICATES.md, "Printing"). Without a row the standard A4 landscape layout applies.
CREATE TABLE print_layouts (
    issuer_org_id bigint PRIMARY KEY,
    layout jsonb NOT NULL,
    updated_by bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
