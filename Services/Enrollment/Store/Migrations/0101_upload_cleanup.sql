-- Unused uploads are deleted after a day (PurgeJob.deleteUnusedUploads). Each reference to a
-- file gets an index: the cleanup looks references up by file, and PostgreSQL checks these
-- foreign keys the same way when a file row is deleted.
CREATE INDEX files_created ON files (created_at);
CREATE INDEX enrollments_id_front_file ON enrollments (id_front_file_id) WHERE id_front_file_id IS NOT NULL;
CREATE INDEX enrollments_id_back_file ON enrollments (id_back_file_id) WHERE id_back_file_id IS NOT NULL;
CREATE INDEX enrollments_education_file ON enrollments (education_file_id) WHERE education_file_id IS NOT NULL;
CREATE INDEX profiles_photo_file ON profiles (photo_file_id) WHERE photo_file_id IS NOT NULL;
