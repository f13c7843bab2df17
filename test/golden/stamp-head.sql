-- Running stamp_revision  -> 27c6a30d7c24

BEGIN;

CREATE TABLE IF NOT EXISTS "retort_version" (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)
);

INSERT INTO "retort_version" (version_num) VALUES ('27c6a30d7c24');

COMMIT;

