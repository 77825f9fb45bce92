-- Province settings the enrollment service reads through IdentityDirectory (SPEC §0: every
-- number is configuration): the largest image and PDF uploads of an enrollment (EN-3).
INSERT INTO province_settings (key, value, effective_from) VALUES
    ('enrollment.image_max_kb', 2048, '2000-01-01'),
    ('enrollment.document_max_kb', 3072, '2000-01-01');
