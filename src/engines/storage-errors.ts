/**
 * What to tell the user when the file system refuses a write to a database's directory: the same three causes
 * (no permission, a read-only file system, a full disk) reach Retort's own files and the embedded server's.
 */

/** The storage failures a user can fix, by errno code or by the text PostgreSQL logs for them. */
export type StorageFault = "not_writable" | "read_only" | "disk_full";

const BY_CODE: Readonly<Record<string, StorageFault>> = {
  EACCES: "not_writable",
  EPERM: "not_writable",
  EROFS: "read_only",
  ENOSPC: "disk_full",
};

/** The storage fault an error (errno `code`) or a server log line (its strerror text) stands for, if any. */
export function storageFault(errorOrLine: unknown): StorageFault | undefined {
  if (typeof errorOrLine === "string") {
    if (/Read-only file system/i.test(errorOrLine)) return "read_only";
    if (/No space left on device/i.test(errorOrLine)) return "disk_full";
    if (/Permission denied/i.test(errorOrLine)) return "not_writable";
    return undefined;
  }
  const code = (errorOrLine as { code?: unknown } | null)?.code;
  return typeof code === "string" ? BY_CODE[code] : undefined;
}

/** One sentence on what is wrong with `directory`, for the message. */
export function describeStorageFault(fault: StorageFault, directory: string): string {
  switch (fault) {
    case "not_writable":
      return `${directory} is not writable`;
    case "read_only":
      return `${directory} is on a read-only file system`;
    case "disk_full":
      return `the disk holding ${directory} is full`;
  }
}

/** What to do about it, for the hint; `user` is who must be able to write there. Nothing was changed. */
export function storageFaultHint(fault: StorageFault, directory: string, user: string): string {
  switch (fault) {
    case "not_writable":
      return `Let ${user} write to ${directory} and everything in it (e.g. chmod -R u+w ${directory}), then run the command again; the database was not changed.`;
    case "read_only":
      return `Remount its file system read-write, or copy ${directory} to writable storage and point the URL at the copy, then run the command again; the database was not changed.`;
    case "disk_full":
      return `Free space on the disk holding ${directory}, then run the command again: PostgreSQL rolled back what it could not write.`;
  }
}
