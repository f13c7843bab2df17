-- Running upgrade 1975ea83b712 -> 27c6a30d7c24

BEGIN;

SET LOCAL lock_timeout = '30s';

ALTER TABLE "movies" ADD COLUMN "release_date" date;

UPDATE movies SET title = trim(title);

UPDATE "retort_version" SET version_num='27c6a30d7c24' WHERE "retort_version".version_num = '1975ea83b712';

COMMIT;

