import { Command, CommanderError } from "commander";
import type { MigrateResult } from "../commands/migrate.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { redactUrl } from "../engines/connect.js";
import { RetortError } from "../errors.js";
import { RETORT_VERSION } from "../project/version.js";
import { colorEnabled, colorize } from "./color.js";
import { askOnTerminal, confirmProductionDowngrade, interactive } from "./confirm.js";
import { initLines, verboseLines } from "./describe.js";
import { formatRevisionBlock, formatRevisionLine } from "./format.js";
import {
  branchPointJson,
  currentJson,
  errorJson,
  type Json,
  jsonText,
  migrateJson,
  revisionJson,
  usageErrorJson,
  wantsJson,
} from "./json.js";
import { type CliStreams, EXIT, reportError, usageErrorText } from "./output.js";
import {
  addTenantOptions,
  collect,
  ddlLockRetriesOption,
  ddlLockTimeoutOption,
  lockTimeoutOf,
  lockTimeoutOption,
  TAKEOVER_HELP,
  TENANT_COMMANDS,
  type TenantFlags,
  tenantRun,
} from "./options.js";
import { progress } from "./progress.js";
import { squashStatusLines } from "./squash.js";
import type { TenantCommand } from "../commands/tenants/run.js";
import type { StampOptions } from "../commands/migrate.js";

// Commands are imported when they run, so `retort --help` and the graph commands do not load the
// database drivers, the config loader or the operations they never use.
const commands = {
  init: () => import("../commands/init.js"),
  inspect: () => import("../commands/inspect.js"),
  migrate: () => import("../commands/migrate.js"),
  revision: () => import("../commands/revision.js"),
  config: () => import("../config/load-config.js"),
  accept: () => import("../commands/accept.js"),
  lint: () => import("../commands/lint.js"),
  lintOutput: () => import("./lint-output.js"),
  test: () => import("../commands/test.js"),
  squash: () => import("../commands/squash.js"),
  testOutput: () => import("./test-output.js"),
  autogenerate: () => import("./autogenerate.js"),
  pull: () => import("./pull.js"),
  tenants: () => import("../commands/tenants/run.js"),
  tenantOutput: () => import("./tenants.js"),
  report: () => import("../commands/tenants/report.js"),
};

interface GlobalOptions {
  config?: string;
  url?: string;
  debug?: boolean;
  verbose?: boolean;
  envFile?: string;
  json?: boolean;
}

/** Runs the `retort` command line; returns the exit code. Only this layer prints. */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  const out = (line: string) => streams.stdout.write(`${line}\n`);
  // Colours only for the real stderr: a test's or a caller's streams get plain text.
  const color = streams.stderr === process.stderr && colorEnabled(process.stderr.isTTY, process.env);
  const stderr: CliStreams["stderr"] = color ? { write: (text: string) => streams.stderr.write(colorize(text)) } : streams.stderr;
  const log = (line: string) => stderr.write(`${line}\n`);
  let exitCode: number = EXIT.ok;
  const program = new Command("retort")
    .description("Database migrations for TypeScript: the Alembic workflow for Node.js and PostgreSQL.")
    .option("-c, --config <file>", "config file (default: retort.config.ts, looked up from the working directory upward)")
    .option("--url <url>", "database URL, overriding the config's url")
    .option("--env-file <file>", "read this file of variables instead of the project's .env files")
    .option("-v, --verbose", "say which environment, .env files and database the command uses (on stderr)")
    .option("--debug", "print stack traces on errors")
    .option("--json", "print the result (or the error) as one JSON document on stdout")
    .version(RETORT_VERSION, "-V, --version", "print Retort's version")
    .showHelpAfterError("  Run `retort --help` for the commands.")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
      outputError: (text, write) => write(usageErrorText(text, argv)),
    });

  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const verbose = (): boolean => Boolean(globals().verbose);
  const json = (): boolean => Boolean(globals().json);
  const emit = (document: Json) => streams.stdout.write(jsonText(document));
  const config = async (): Promise<ResolvedConfig> => {
    const { config: configPath, url, envFile } = globals();
    const loaded = await (await commands.config()).loadConfig({ configPath, url, envFile });
    if (verbose()) for (const line of verboseLines(loaded, url !== undefined)) log(line);
    for (const warning of loaded.warnings ?? []) log(`WARNING: ${warning}`);
    return loaded;
  };
  const printSql = (result: MigrateResult) => {
    if (result.sql !== undefined) streams.stdout.write(result.sql);
  };
  /** `--tenants`: the command for every tenant, a summary at the end; exit 1 when any failed. */
  const runTenants = async (
    command: TenantCommand,
    target: string | null,
    flags: TenantFlags,
    migrate: Omit<StampOptions, "log" | "onStep" | "sql"> = {},
  ) => {
    const cfg = await config();
    const [{ runForTenants }, { tenantProgress, formatTenantRun, tenantRunJson }, { summarize }] = await Promise.all([
      commands.tenants(),
      commands.tenantOutput(),
      import("../commands/tenants/outcome.js"),
    ]);
    const shown = tenantProgress((text) => stderr.write(text), streams.stderr.isTTY === true, command);
    const lintShown = new Set<string>();
    const { formatUpgradeLint } = await commands.lintOutput();
    const result = await runForTenants(cfg, command, target, {
      tenants: flags.tenants ?? true,
      concurrency: flags.concurrency,
      shard: flags.shard,
      migrate: {
        ...migrate,
        // The same findings for every tenant: printed once.
        onLint: (report) => {
          const text = formatUpgradeLint(report, cfg.rootDirectory);
          if (!lintShown.has(text)) shown.log(text.replace(/\n$/, ""));
          lintShown.add(text);
        },
      },
      log: shown.log,
      onStart: ({ selected, total, concurrency }) => {
        const share = flags.shard ? ` (shard ${flags.shard.index}/${flags.shard.count} of ${total})` : "";
        shown.log(
          `Running ${command}${target === null ? "" : ` ${target}`} for ${selected} tenant${selected === 1 ? "" : "s"}${share}, ${concurrency} at a time`,
        );
      },
      onTenant: shown.tenant,
      tenantLog: verbose() ? (tenant, line) => shown.log(`[${tenant}] ${line}`) : undefined,
    }).finally(shown.done);
    if (json()) emit(tenantRunJson(result));
    else streams.stdout.write(formatTenantRun(result));
    const summary = summarize(result.tenants);
    exitCode = summary.failed > 0 ? EXIT.failed : command === "check" && summary.pending > 0 ? EXIT.pending : EXIT.ok;
  };

  program
    .command("init")
    .argument("[dir]", "folder for versions/", "migrations")
    .description("write retort.config.ts, <dir>/versions/ and a models module (each unless present); ignore .retort/ in .gitignore")
    .action(async (dir: string) => {
      const { init } = await commands.init();
      const result = await init(dir);
      for (const line of initLines(result)) log(line);
      if (json())
        emit({
          configPath: result.configPath,
          configCreated: result.configCreated,
          versionsDirectory: result.versionsDirectory,
          files: result.files.map((file) => ({ kind: file.kind, path: file.path, action: file.action })),
        });
    });

  program
    .command("revision")
    .description("write a new revision file")
    .requiredOption("-m, --message <msg>", "what the revision does")
    .option("--autogenerate", "fill the revision by comparing the models with the database")
    .option("--offline", "with --autogenerate: compare with the revisions replayed into Retort's own embedded PostgreSQL, not the database")
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
        offline?: boolean;
      }) => {
        if (opts.offline && !opts.autogenerate) throw new RetortError("usage", "--offline goes with --autogenerate.");
        if (opts.autogenerate) {
          const { runAutogenerate } = await commands.autogenerate();
          exitCode = await runAutogenerate(await config(), opts, { streams, debug: Boolean(globals().debug), json: json() });
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
        if (json()) emit({ written: true, revision: result.revision, path: result.path });
        else out(result.path);
      },
    );

  program
    .command("upgrade")
    .description("apply revisions up to TARGET (head, heads, +N, a revision, label@head; START:END with --sql)")
    .argument("<target>")
    .option("--sql", "print the SQL instead of running it (offline mode)")
    .addOption(lockTimeoutOption())
    .addOption(ddlLockTimeoutOption())
    .addOption(ddlLockRetriesOption())
    .option("--takeover", TAKEOVER_HELP)
    .option("--strict", "fail when an applied revision's file was changed after it was applied")
    .option("--force", 'run even when retort lint finds errors in the revisions to apply (with safety: "strict")')
    .action(
      async (
        target: string,
        opts: {
          sql?: boolean;
          lockTimeout?: number;
          ddlLockTimeout?: number;
          ddlLockRetries?: number;
          takeover?: boolean;
          strict?: boolean;
          force?: boolean;
        } & TenantFlags,
      ) => {
        const run = {
          lockTimeout: lockTimeoutOf(opts.lockTimeout),
          ddlLockTimeout: opts.ddlLockTimeout,
          ddlLockRetries: opts.ddlLockRetries,
          takeover: opts.takeover,
          strict: opts.strict,
          force: opts.force,
        };
        if (tenantRun(opts)) return runTenants("upgrade", target, opts, run);
        const { upgrade } = await commands.migrate();
        const cfg = await config();
        const { formatUpgradeLint } = await commands.lintOutput();
        const shown = progress((text) => stderr.write(text), streams.stderr.isTTY === true);
        const result = await upgrade(cfg, target, {
          ...run,
          sql: opts.sql,
          onLint: (report) => stderr.write(formatUpgradeLint(report, cfg.rootDirectory)),
          log: shown.log,
          onStep: shown.step,
        }).finally(shown.done);
        if (json()) emit(migrateJson("upgrade", target, result));
        else printSql(result);
        if (!opts.sql && result.steps.length === 0) log(`Nothing to upgrade: the database is already at ${target}.`);
      },
    );

  program
    .command("downgrade")
    .description("revert revisions down to TARGET (-1, base, a revision, label@-1; START:END with --sql)")
    .argument("<target>")
    .option("--sql", "print the SQL instead of running it (offline mode)")
    .addOption(lockTimeoutOption())
    .addOption(ddlLockTimeoutOption())
    .addOption(ddlLockRetriesOption())
    .option("--takeover", TAKEOVER_HELP)
    .option("-y, --yes", "downgrade in production without asking (required there when no terminal can ask)")
    .action(
      async (
        target: string,
        opts: {
          sql?: boolean;
          lockTimeout?: number;
          ddlLockTimeout?: number;
          ddlLockRetries?: number;
          takeover?: boolean;
          yes?: boolean;
        } & TenantFlags,
      ) => {
        const { downgrade } = await commands.migrate();
        const cfg = await config();
        if (!opts.sql)
          await confirmProductionDowngrade(cfg, target, { yes: Boolean(opts.yes), ask: interactive(streams) ? askOnTerminal : undefined });
        const run = {
          lockTimeout: lockTimeoutOf(opts.lockTimeout),
          ddlLockTimeout: opts.ddlLockTimeout,
          ddlLockRetries: opts.ddlLockRetries,
          takeover: opts.takeover,
        };
        if (tenantRun(opts)) return runTenants("downgrade", target, opts, run);
        const shown = progress((text) => stderr.write(text), streams.stderr.isTTY === true);
        const result = await downgrade(cfg, target, {
          ...run,
          sql: opts.sql,
          log: shown.log,
          onStep: shown.step,
        }).finally(shown.done);
        if (json()) emit(migrateJson("downgrade", target, result));
        else printSql(result);
        if (!opts.sql && result.steps.length === 0) log(`Nothing to downgrade: the database is already at ${target}.`);
      },
    );

  program
    .command("stamp")
    .description("set the version table to TARGET without running migrations")
    .argument("<target>")
    .option("--sql", "print the SQL instead of running it")
    .option("--purge", "empty the version table first")
    .addOption(lockTimeoutOption())
    .option("--takeover", TAKEOVER_HELP)
    .action(async (target: string, opts: { sql?: boolean; purge?: boolean; lockTimeout?: number; takeover?: boolean } & TenantFlags) => {
      if (tenantRun(opts))
        return runTenants("stamp", target, opts, {
          purge: opts.purge,
          lockTimeout: lockTimeoutOf(opts.lockTimeout),
          takeover: opts.takeover,
        });
      const { stamp } = await commands.migrate();
      const result = await stamp(await config(), target, {
        sql: opts.sql,
        purge: opts.purge,
        lockTimeout: lockTimeoutOf(opts.lockTimeout),
        takeover: opts.takeover,
        log,
      });
      if (json()) emit(migrateJson("stamp", target, result));
      else printSql(result);
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
      if (json()) return void emit({ revisions: views.map(revisionJson) });
      const format = (view: (typeof views)[number]) =>
        opts.verbose || verbose()
          ? formatRevisionBlock(view, { current: opts.indicateCurrent })
          : formatRevisionLine(view, { parents: true, branches: true, doc: true, current: opts.indicateCurrent });
      // One write: a long history to a pipe would otherwise cost a system call per revision.
      if (views.length > 0) out(views.map(format).join("\n"));
    });

  program
    .command("current")
    .description("show the revision(s) the database is at")
    .option("-v, --verbose", "full details")
    .action(async (opts: { verbose?: boolean } & TenantFlags) => {
      if (tenantRun(opts)) return runTenants("current", null, opts);
      const cfg = await config();
      const { current } = await commands.inspect();
      const result = await current(cfg, { log });
      if (json()) {
        for (const finding of result.findings) log(`WARNING: ${finding.message}`);
        return void emit({ url: redactUrl(cfg.url), ...(currentJson(result) as { [key: string]: Json }) });
      }
      log(`Current revision(s) for ${redactUrl(cfg.url)}:`);
      const full = opts.verbose || verbose();
      for (const view of result.revisions) out(full ? formatRevisionBlock(view) : formatRevisionLine(view));
      for (const finding of result.findings) log(`WARNING: ${finding.message}`);
    });

  program
    .command("heads")
    .description("show the head revision(s)")
    .option("-v, --verbose", "full details")
    .option("--resolve-dependencies", "accepted for Alembic compatibility")
    .action(async (opts: { verbose?: boolean }) => {
      const { heads } = await commands.inspect();
      const full = opts.verbose || verbose();
      const views = await heads(await config());
      if (json()) return void emit({ heads: views.map(revisionJson) });
      for (const view of views) out(full ? formatRevisionBlock(view) : formatRevisionLine(view, { branches: true, tree: false }));
    });

  program
    .command("branches")
    .description("show the branch points")
    .option("-v, --verbose", "full details")
    .action(async (opts: { verbose?: boolean }) => {
      const cfg = await config();
      const { branches } = await commands.inspect();
      const full = opts.verbose || verbose();
      const points = await branches(cfg);
      if (json()) return void emit({ branchPoints: points.map(branchPointJson) });
      for (const point of points) {
        out(full ? formatRevisionBlock(point.revision) : formatRevisionLine(point.revision, { branches: true }));
        const indent = " ".repeat(point.revision.header.revision.length);
        for (const branch of point.branches) out(`${indent} -> ${formatRevisionLine(branch, { branches: true, doc: full })}`);
        out("");
      }
    });

  program
    .command("show")
    .description("show one revision")
    .argument("<rev>")
    .action(async (rev: string) => {
      const { show } = await commands.inspect();
      const views = await show(await config(), rev);
      if (json()) emit({ revisions: views.map(revisionJson) });
      else for (const view of views) out(formatRevisionBlock(view));
    });

  program
    .command("accept")
    .description("record the current contents of applied revision files as accepted after a deliberate edit")
    .argument("[revisions...]", "the revisions to accept (default: every applied revision whose file changed)")
    .action(async (revisions: string[]) => {
      const { accept } = await commands.accept();
      const accepted = await accept(await config(), revisions, { log });
      if (json()) emit({ accepted });
      if (accepted.length === 0) log("Nothing to accept: every applied revision matches its file.");
      for (const revision of accepted) log(`Accepted the current contents of ${revision}`);
    });

  program
    .command("check")
    .description("exit non-zero (3) when the models differ from the database, listing the pending operations (for CI)")
    .option("--offline", "compare with the revisions replayed into Retort's own embedded PostgreSQL, not the database")
    .option("-v, --verbose", "also list, by kind and count, what the database holds that Retort does not manage")
    .action(async (opts: { offline?: boolean; verbose?: boolean } & TenantFlags) => {
      if (tenantRun(opts)) {
        if (opts.offline)
          throw new RetortError("usage", "--offline and --tenants do not go together: offline, every tenant is the same replay.");
        return runTenants("check", null, opts);
      }
      const { runCheck } = await commands.autogenerate();
      const flags = { offline: opts.offline, verbose: opts.verbose || verbose() };
      exitCode = await runCheck(await config(), { streams, debug: Boolean(globals().debug), json: json() }, flags);
    });

  program
    .command("pull")
    .description("write models from an existing database's tables and enum types (to adopt Retort on the database you have)")
    .option("--out <file>", "the models module to write (default: the config's models, else app/db/postgres/models.ts)")
    .option("--schemas <list>", "comma-separated schemas to read (default: the config's includeSchemas)")
    .option("--force", "overwrite the file when it exists")
    .option("--format <format>", "retort (a retort/schema models module, the default) or drizzle (a Drizzle schema)")
    .option("--baseline", "also write a first revision that creates the pulled schema, and stamp the database at it")
    .action(async (opts: { out?: string; schemas?: string; force?: boolean; format?: string; baseline?: boolean }) => {
      const { runPull } = await commands.pull();
      const result = await runPull(await config(), opts, log);
      if (json()) emit(result.json);
      else out(result.path);
    });

  program
    .command("lint")
    .description("check revisions for statements that lock or rewrite busy tables (exit 1 on an error finding); reads no database")
    .argument("[revisions]", "REV or START:END (default: every revision from base to the heads)")
    .action(async (revisions: string | undefined) => {
      const cfg = await config();
      const [{ lint }, { formatLint, lintJson }] = await Promise.all([commands.lint(), commands.lintOutput()]);
      const result = await lint(cfg, { revisions, log });
      if (json()) emit(lintJson(result));
      else streams.stdout.write(formatLint(result, cfg.rootDirectory));
      if (result.counts.error > 0) exitCode = EXIT.failed;
    });

  program
    .command("test")
    .description(
      "test the migrations on a throwaway database: a single head, each revision up, down and up again, the models, --sql (exit 1 on a failure)",
    )
    .addHelpText(
      "after",
      "\nWithout --url it runs an embedded PostgreSQL in a temporary directory; with --url postgres://… it creates and drops a database retort_test_<random> on that server (the named database is not touched); --url pglite:memory: runs in process. --json prints one document.",
    )
    .action(async () => {
      const cfg = await config();
      const [{ testMigrations }, { formatTest, testJson }] = await Promise.all([commands.test(), commands.testOutput()]);
      const result = await testMigrations(cfg, { url: globals().url, log });
      if (json()) emit(testJson(result));
      else streams.stdout.write(formatTest(result));
      if (!result.ok) exitCode = EXIT.failed;
    });

  program
    .command("report")
    .description("merge the --json results of tenant runs (one per shard) into one summary (exit 1 when a tenant failed)")
    .argument("<files...>", "the JSON files the runs wrote")
    .action(async (files: string[]) => {
      const [{ report }, { formatTenantRun, tenantRunJson }, { summarize }] = await Promise.all([
        commands.report(),
        commands.tenantOutput(),
        import("../commands/tenants/outcome.js"),
      ]);
      const merged = await report(files);
      for (const warning of merged.warnings) log(`WARNING: ${warning}`);
      if (json()) emit(tenantRunJson(merged.result));
      else streams.stdout.write(formatTenantRun(merged.result));
      if (summarize(merged.result.tenants).failed > 0) exitCode = EXIT.failed;
    });

  program
    .command("squash")
    .description("replace the revisions START..END with one revision that builds the same schema (proven on a throwaway database)")
    .argument("[range]", "START:END, the oldest and the newest revision to replace")
    .option("-m, --message <msg>", "what the squashed revision is")
    .option("--rev-id <id>", "the revision id instead of a random one")
    .option("--status", "say whether the replaced files can be deleted, as far as the database is concerned")
    .addHelpText(
      "after",
      "\nThe replaced files stay until you delete them; `retort squash --status` says when that is safe for the database it reads. Replaying runs on an embedded PostgreSQL in a temporary directory, or with --url postgres://… on a database of its own on that server.",
    )
    .action(async (range: string | undefined, opts: { message?: string; revId?: string; status?: boolean }) => {
      const cfg = await config();
      const { squash, squashStatus } = await commands.squash();
      if (opts.status) {
        const statuses = await squashStatus(cfg, { log });
        if (json()) {
          emit({ squashes: statuses.map((status) => ({ ...status, replaces: [...status.replaces], files: [...status.files] })) } as Json);
          return;
        }
        for (const line of squashStatusLines(statuses)) out(line);
        return;
      }
      if (range === undefined || opts.message === undefined) {
        throw new RetortError("usage", "retort squash needs START:END and -m MSG (or --status).", {
          hint: 'e.g. retort squash 1975ea83b712:head -m "squash the first year"',
        });
      }
      const result = await squash(cfg, range, { message: opts.message, revId: opts.revId, url: globals().url, log });
      log(`Generating ${result.path} ...  done`);
      log(
        `Squashed ${result.replaces.length} revisions (${result.replaces.join(", ")}); its upgrade and downgrade were checked on a throwaway database.`,
      );
      if (json())
        emit({
          written: true,
          revision: result.revision,
          path: result.path,
          replaces: [...result.replaces],
          carried: result.carried.map((c) => ({ revision: c.revision, sql: c.sql })),
        });
      else out(result.path);
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
      if (json()) emit({ written: true, revision: result.revision, path: result.path });
      else out(result.path);
    });

  for (const command of program.commands) if (TENANT_COMMANDS.includes(command.name())) addTenantOptions(command);
  for (const command of program.commands)
    command.showHelpAfterError(`  Run \`retort ${command.name()} --help\` for its arguments and options.`);

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage mistake exits 2 after commander printed what was wrong.
      exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      if (exitCode !== EXIT.ok && wantsJson(argv)) emit(usageErrorJson(error));
    } else {
      exitCode = reportError(error, { stdout: streams.stdout, stderr }, Boolean(program.opts<GlobalOptions>().debug));
      if (wantsJson(argv)) emit(errorJson(error));
    }
  }
  return exitCode;
}
