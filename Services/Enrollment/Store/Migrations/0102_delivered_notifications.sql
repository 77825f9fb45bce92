-- B-5: messages other services deliver into the students' one inbox (the classes service's
-- schedule changes), each with the sender's key, so a delivery retried after a lost answer
-- adds nothing.
ALTER TABLE student_notifications ADD COLUMN source_key text;
CREATE UNIQUE INDEX student_notifications_source ON student_notifications (source_key) WHERE source_key IS NOT NULL;
