-- How many files one student may upload to the enrollment service in 24 hours (EN-3).
INSERT INTO province_settings (key, value, effective_from) VALUES
    ('enrollment.uploads_per_day', 30, '2000-01-01');
