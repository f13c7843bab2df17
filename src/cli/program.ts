import { Command, CommanderError, Option } from "commander";
import type { MigrateResult } from "../commands/migrate.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { redactUrl } from "../engines/connect.js";
import { RetortError } from "../errors.js";
import { formatRevisionBlock, formatRevisionLine } from "./format.js";
import { type CliStreams, EXIT, printable, reportError } from "./output.js";

// Commands are imported when they run, so `retort --help` and the graph commands do not load the
// database drivers, the config loader or the operations they never use.
const commands = {
  init: () => import("../commands/init.js"),
  inspect: () => import("../commands/inspect.js"),
  migrate: () => import("../commands/migrate.js"),
  revision: () => import("../commands/revision.js"),
  config: () => import("../config/load-config.js"),
  accept: () => import("../commands/accept.js"),
  autogenerate: () => import("./autogenerate.js"),
};

interface GlobalOptions {
  config?: string;
  url?: string;
  debug?: boolean;
}

/** Runs the `retort` command line; returns the exit code. Only this layer prints. */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  const out = (line: string) => streams.stdout.write(`${line}\n`);
  const log = (line: string) => streams.stderr.write(`${line}\n`);
  let exitCode: number = EXIT.ok;
  const program = new Command("retort")
    .description("Database migrations for TypeScript: the Alembic workflow for Node.js and PostgreSQL.")
    .option("-c, --config <file>", "config file (default: retort.config.ts, looked up from the working directory upward)")
    .option("--url <url>", "database URL, overriding the config's url")
    .option("--debug", "print stack traces on errors")
    .showHelpAfterError("  Run `retort --help` for the commands.")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
      // A usage error quotes the argument it rejects, which may hold line breaks: keep it to one line.
      outputError: (text, write) => write(`${printable(text.replace(/\n$/, ""))}\n`),
    });

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const config = async (): Promise<ResolvedConfig> =>
    (await commands.config()).loadConfig({ configPath: globals().config, url: globals().url });
  const printSql = (result: MigrateResult) => {
    if (result.sql !== undefined) streams.stdout.write(result.sql);
  };

  program
    .command("init")
    .argument("[dir]", "folder for versions/", "migrations")
    .description("write retort.config.ts (unless present) and <dir>/versions/")
    .action(async (dir: string) => {
      const { init } = await commands.init();
      const result = await init(dir);
      log(result.configCreated ? `Created ${result.configPath}` : `Kept existing ${result.configPath}`);
      log(`Created ${result.versionsDirectory}`);
    });

  program
    .command("revision")
    .description("write a new revision file")
    .requiredOption("-m, --message <msg>", "what the revision does")
    .option("--autogenerate", "fill the revision by comparing the models with the database")
    .option("--head <rev>", "the parent revision (default: head; base for a new root)")
    .option("--splice", "allow a parent that is not a head")
    .option("--branch-label <label>", "a label for the new branch")
    .option("--depends-on <rev...>", "revisions this one depends on")
    .option("--rev-id <id>", "the revision id instead of a random one")
    .option(
      "--rename <old=new>",
      "with --autogenerate: OLD was renamed to NEW (movies.title=name for a column, movies=films for a table)",
      collect,
      [],
    )
    .option("--not-renamed <old>", "with --autogenerate: OLD was dropped, not renamed", collect, [])
    .option("--sql", "accepted for Alembic compatibility; has no effect on an empty revision")
    .action(
      async (opts: {
        message: string;
        autogenerate?: boolean;
        head?: string;
        splice?: boolean;
        branchLabel?: string;
        dependsOn?: string[];
        revId?: string;
        rename: string[];
        notRenamed: string[];
      }) => {
        if (opts.autogenerate) {
          const { runAutogenerate } = await commands.autogenerate();
          exitCode = await runAutogenerate(await config(), opts, { streams, debug: Boolean(globals().debug) });
          return;
        }
        if (opts.rename.length > 0 || opts.notRenamed.length > 0)
          throw new RetortError("usage", "--rename and --not-renamed go with --autogenerate.");
        const { revision } = await commands.revision();
        const result = await revision(await config(), {
          message: opts.message,
          head: opts.head,
          splice: opts.splice,
          branchLabel: opts.branchLabel,
          dependsOn: opts.dependsOn,
          revId: opts.revId,
          log,
        });
        log(`Generating ${result.path} ...  done`);
        out(result.path);
      },
    );

  program
    .command("upgrade")
    .description("apply revisions up to TARGET (head, heads, +N, a revision, label@head; START:END with --sql)")
    .argument("<target>")
    .option("--sql", "print the SQL instead of running it (offline mode)")
    .addOption(lockTimeoutOption())
    .option("--takeover", TAKEOVER_HELP)
    .option("--strict", "fail when an applied revision's file was changed after it was applied")
    .action(async (target: string, opts: { sql?: boolean; lockTimeout?: number; takeover?: boolean; strict?: boolean }) => {
      const { upgrade } = await commands.migrate();
      const lock = { lockTimeout: lockTimeoutOf(opts.lockTimeout), takeover: opts.takeover };
      printSql(await upgrade(await config(), target, { sql: opts.sql, ...lock, strict: opts.strict, log }));
    });

  program
    .command("downgrade")
    .description("revert revisions down to TARGET (-1, base, a revision, label@-1; START:END with --sql)")
    .argument("<target>")
    .option("--sql", "print the SQL instead of running it (offline mode)")
    .addOption(lockTimeoutOption())
    .option("--takeover", TAKEOVER_HELP)
    .action(async (target: string, opts: { sql?: boolean; lockTimeout?: number; takeover?: boolean }) => {
      const { downgrade } = await commands.migrate();
      const lock = { lockTimeout: lockTimeoutOf(opts.lockTimeout), takeover: opts.takeover };
      printSql(await downgrade(await config(), target, { sql: opts.sql, ...lock, log }));
    });

  program
    .command("stamp")
    .description("set the version table to TARGET without running migrations")
    .argument("<target>")
    .option("--sql", "print the SQL instead of running it")
    .option("--purge", "empty the version table first")
    .addOption(lockTimeoutOption())
    .option("--takeover", TAKEOVER_HELP)
    .action(async (target: string, opts: { sql?: boolean; purge?: boolean; lockTimeout?: number; takeover?: boolean }) => {
      const { stamp } = await commands.migrate();
      const lock = { lockTimeout: lockTimeoutOf(opts.lockTimeout), takeover: opts.takeover };
      printSql(await stamp(await config(), target, { sql: opts.sql, purge: opts.purge, ...lock, log }));
    });

  program
    .command("history")
    .description("list revisions, newest first")
    .option("-r, --rev-range <range>", "START:END (open ends allowed; `current` reads the database)")
    .option("-v, --verbose", "full details")
    .option("-i, --indicate-current", "mark the database's current revision(s)")
    .action(async (opts: { revRange?: string; verbose?: boolean; indicateCurrent?: boolean }) => {
      const { history } = await commands.inspect();
      const views = await history(await config(), { range: opts.revRange, indicateCurrent: opts.indicateCurrent, log });
      const format = (view: (typeof views)[number]) =>
        opts.verbose
          ? formatRevisionBlock(view, { current: opts.indicateCurrent })
          : formatRevisionLine(view, { parents: true, branches: true, doc: true, current: opts.indicateCurrent });
      // One write: a long history to a pipe would otherwise cost a system call per revision.
      if (views.length > 0) out(views.map(format).join("\n"));
    });

  program
    .command("current")
    .description("show the revision(s) the database is at")
    .option("-v, --verbose", "full details")
    .action(async (opts: { verbose?: boolean }) => {
      const cfg = await config();
      const { current } = await commands.inspect();
      const result = await current(cfg, { log });
      log(`Current revision(s) for ${redactUrl(cfg.url)}:`);
      for (const view of result.revisions) out(opts.verbose ? formatRevisionBlock(view) : formatRevisionLine(view));
      for (const finding of result.findings) log(`WARNING: ${finding.message}`);
    });

  program
    .command("heads")
    .description("show the head revision(s)")
    .option("-v, --verbose", "full details")
    .option("--resolve-dependencies", "accepted for Alembic compatibility")
    .action(async (opts: { verbose?: boolean }) => {
      const { heads } = await commands.inspect();
      for (const view of await heads(await config()))
        out(opts.verbose ? formatRevisionBlock(view) : formatRevisionLine(view, { branches: true, tree: false }));
    });

  program
    .command("branches")
    .description("show the branch points")
    .option("-v, --verbose", "full details")
    .action(async (opts: { verbose?: boolean }) => {
      const cfg = await config();
      const { branches } = await commands.inspect();
      for (const point of await branches(cfg)) {
        out(opts.verbose ? formatRevisionBlock(point.revision) : formatRevisionLine(point.revision, { branches: true }));
        const indent = " ".repeat(point.revision.header.revision.length);
        for (const branch of point.branches) out(`${indent} -> ${formatRevisionLine(branch, { branches: true, doc: opts.verbose })}`);
        out("");
      }
    });

  program
    .command("show")
    .description("show one revision")
    .argument("<rev>")
    .action(async (rev: string) => {
      const { show } = await commands.inspect();
      for (const view of await show(await config(), rev)) out(formatRevisionBlock(view));
    });

  program
    .command("accept")
    .description("record the current contents of applied revision files as accepted after a deliberate edit")
    .argument("[revisions...]", "the revisions to accept (default: every applied revision whose file changed)")
    .action(async (revisions: string[]) => {
      const { accept } = await commands.accept();
      const accepted = await accept(await config(), revisions, { log });
      if (accepted.length === 0) log("Nothing to accept: every applied revision matches its file.");
      for (const revision of accepted) log(`Accepted the current contents of ${revision}`);
    });

  program
    .command("check")
    .description("exit non-zero (3) when the models differ from the database, listing the pending operations (for CI)")
    .action(async () => {
      const { runCheck } = await commands.autogenerate();
      exitCode = await runCheck(await config(), { streams, debug: Boolean(globals().debug) });
    });

  program
    .command("merge")
    .description("write a revision that merges two or more heads")
    .argument("<revisions...>", "the revisions to merge (or `heads`)")
    .option("-m, --message <msg>", "what the merge is", "merge")
    .option("--branch-label <label>", "a label for the merge revision")
    .option("--rev-id <id>", "the revision id instead of a random one")
    .action(async (revisions: string[], opts: { message: string; branchLabel?: string; revId?: string }) => {
      const { merge } = await commands.revision();
      const result = await merge(await config(), revisions, {
        message: opts.message,
        branchLabel: opts.branchLabel,
        revId: opts.revId,
        log,
      });
      log(`Generating ${result.path} ...  done`);
      out(result.path);
    });

  for (const command of program.commands)
    command.showHelpAfterError(`  Run \`retort ${command.name()} --help\` for its arguments and options.`);

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage mistake exits 2 after commander printed what was wrong.
      exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else {
      exitCode = reportError(error, streams, Boolean(program.opts<GlobalOptions>().debug));
    }
  }
  return exitCode;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** How long a run that nobody watches (stdin not a terminal, or CI set) waits for the migration lock. */
export const UNATTENDED_LOCK_TIMEOUT_SECONDS = 300;

const TAKEOVER_HELP =
  "end the database session a Retort process of this host left holding the migration lock when it died, and take the lock";

function lockTimeoutOption(): Option {
  return new Option(
    "--lock-timeout <seconds>",
    `fail when another run holds the migration lock this long (default: ${UNATTENDED_LOCK_TIMEOUT_SECONDS} when stdin is not a terminal or CI is set, else no limit)`,
  ).argParser(parseSeconds);
}

/** The given timeout, or the default for unattended runs; an interactive run waits until interrupted. */
function lockTimeoutOf(given: number | undefined): number | undefined {
  if (given !== undefined) return given;
  return !process.stdin.isTTY || process.env.CI ? UNATTENDED_LOCK_TIMEOUT_SECONDS : undefined;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new RetortError("usage", `--lock-timeout takes a number of seconds, not '${value}'.`);
  return seconds;
}
