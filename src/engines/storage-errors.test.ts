import { describe, expect, it } from "vitest";
import { describeStorageFault, storageFault, storageFaultHint } from "./storage-errors.js";

describe("storage faults", () => {
  it.each([
    [{ code: "EACCES" }, "not_writable"],
    [{ code: "EPERM" }, "not_writable"],
    [{ code: "EROFS" }, "read_only"],
    [{ code: "ENOSPC" }, "disk_full"],
    [{ code: "ENOENT" }, undefined],
    [null, undefined],
    ['FATAL: could not create lock file "postmaster.pid": Permission denied', "not_writable"],
    ['could not write to file "pg_wal/xlogtemp.81": No space left on device', "disk_full"],
    ['could not open file "global/pg_control": Read-only file system', "read_only"],
    ["FATAL: the database system is starting up", undefined],
  ] as const)("%j is %s", (input, fault) => {
    expect(storageFault(input)).toBe(fault);
  });

  it("names the directory in the message and the hint", () => {
    expect(describeStorageFault("disk_full", "/srv/db")).toBe("the disk holding /srv/db is full");
    expect(storageFaultHint("not_writable", "/srv/db/pgdata", "the user 'postgres' the server runs as")).toBe(
      "Let the user 'postgres' the server runs as write to /srv/db/pgdata and everything in it (e.g. chmod -R u+w /srv/db/pgdata), then run the command again; the database was not changed.",
    );
    expect(storageFaultHint("read_only", "/srv/db", "anyone")).toContain("Remount its file system read-write, or copy /srv/db");
  });
});
