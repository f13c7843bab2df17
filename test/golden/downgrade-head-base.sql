-- Running downgrade 27c6a30d7c24 -> 1975ea83b712

BEGIN;

SET LOCAL lock_timeout = '30s';

ALTER TABLE "movies" DROP COLUMN "release_date";

UPDATE "retort_version" SET version_num='1975ea83b712' WHERE "retort_version".version_num = '27c6a30d7c24';

COMMIT;

-- Running downgrade 1975ea83b712 -> 

BEGIN;

SET LOCAL lock_timeout = '30s';

DROP TABLE "movies";

DELETE FROM "retort_version" WHERE "retort_version".version_num = '1975ea83b712';

COMMIT;

