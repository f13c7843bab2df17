/** The options several commands share: the migration and table lock waits, and runs over many tenants. */
import { type Command, Option } from "commander";
import { parseShard, type Shard } from "../commands/tenants/shard.js";
import { RetortError } from "../errors.js";

/** The flags of a run over many tenants, as commander parses them. */
export interface TenantFlags {
  tenants?: string | true;
  concurrency?: number;
  shard?: Shard;
}

export const TENANT_COMMANDS: readonly string[] = ["upgrade", "downgrade", "stamp", "current", "check"];

export function addTenantOptions(command: Command): void {
  command
    .option(
      "--tenants [source]",
      "run for every tenant: alone the config's tenants; NAME a named source of the config; schema:PATTERN[,PATTERN] schemas by name (* matches any run of characters); FILE one database URL or schema:NAME per line",
    )
    .addOption(
      new Option(
        "--concurrency <n>",
        "with --tenants: tenants run at once (default 4 per CPU, lowered to the server's free connections)",
      ).argParser(parseCount),
    )
    .addOption(
      new Option("--shard <K/N>", "with --tenants: only the K-th of N stable shares of the tenants (K from 1)").argParser(parseShard),
    );
}

/** Whether the options ask for a tenant run; `--concurrency`, `--shard` without `--tenants` and `--sql` with it are mistakes. */
export function tenantRun(opts: TenantFlags & { sql?: boolean }): boolean {
  if (opts.tenants === undefined) {
    if (opts.concurrency !== undefined || opts.shard !== undefined)
      throw new RetortError("usage", "--concurrency and --shard go with --tenants.", {
        hint: "Add --tenants (the config's tenants), or leave them out.",
      });
    return false;
  }
  if (opts.sql)
    throw new RetortError("usage", "--sql and --tenants do not go together: a script is the same for every tenant.", {
      hint: "Leave out --tenants to print the script once.",
    });
  return true;
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || count < 1)
    throw new RetortError("usage", `--concurrency takes a whole number of 1 or more, not '${value}'.`);
  return count;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** How long a run that nobody watches (stdin not a terminal, or CI set) waits for the migration lock. */
export const UNATTENDED_LOCK_TIMEOUT_SECONDS = 300;

export const TAKEOVER_HELP =
  "end the database session a Retort process of this host left holding the migration lock when it died, and take the lock";

export function lockTimeoutOption(): Option {
  return new Option(
    "--lock-timeout <seconds>",
    `fail when another run holds the migration lock this long (default: ${UNATTENDED_LOCK_TIMEOUT_SECONDS} when stdin is not a terminal or CI is set, else no limit)`,
  ).argParser(parseSeconds("--lock-timeout"));
}

export function ddlLockTimeoutOption(): Option {
  return new Option(
    "--ddl-lock-timeout <seconds>",
    "fail a revision whose statement waits this long for a lock on a table that another session holds (0: no limit; default: the config's ddlLockTimeout, else 0.05 in production (5 with safety off) and 30 elsewhere)",
  ).argParser(parseSeconds("--ddl-lock-timeout"));
}

export function ddlLockRetriesOption(): Option {
  return new Option(
    "--ddl-lock-retries <count>",
    "try a statement that gave up waiting for a table lock this many more times, pausing longer each time (the whole revision in a transaction, the statement alone outside one; default: the config's ddlLockRetries, else 10 in production with safety on and 3 otherwise)",
  ).argParser((value) => {
    const count = Number(value);
    if (value.trim() === "" || !Number.isInteger(count) || count < 0)
      throw new RetortError("usage", `--ddl-lock-retries takes a whole number of retries, not '${value}'.`);
    return count;
  });
}

/** The given timeout, or the default for unattended runs; an interactive run waits until interrupted. */
export function lockTimeoutOf(given: number | undefined): number | undefined {
  if (given !== undefined) return given;
  return !process.stdin.isTTY || process.env.CI ? UNATTENDED_LOCK_TIMEOUT_SECONDS : undefined;
}

function parseSeconds(flag: string): (value: string) => number {
  return (value) => {
    const seconds = Number(value);
    if (value.trim() === "" || !Number.isFinite(seconds) || seconds < 0)
      throw new RetortError("usage", `${flag} takes a number of seconds, not '${value}'.`);
    return seconds;
  };
}
