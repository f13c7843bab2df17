-- Running upgrade  -> 1975ea83b712

BEGIN;

SET LOCAL lock_timeout = '30s';

CREATE TABLE IF NOT EXISTS "retort_version" (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT "retort_version_pkc" PRIMARY KEY (version_num)
);

CREATE TABLE "movies" (
    "id" integer NOT NULL,
    "title" varchar(200) NOT NULL,
    CONSTRAINT "movies_pkey" PRIMARY KEY ("id")
);

INSERT INTO "retort_version" (version_num) VALUES ('1975ea83b712');

COMMIT;

-- Running upgrade 1975ea83b712 -> 27c6a30d7c24

BEGIN;

SET LOCAL lock_timeout = '30s';

ALTER TABLE "movies" ADD COLUMN "release_date" date;

UPDATE movies SET title = trim(title);

UPDATE "retort_version" SET version_num='27c6a30d7c24' WHERE "retort_version".version_num = '1975ea83b712';

COMMIT;

