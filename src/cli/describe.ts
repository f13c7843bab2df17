import type { InitResult } from "../commands/init.js";
import { describeEnvironment } from "../config/environment.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { parseDatabaseUrl, redactUrl } from "../engines/connect.js";
import { assertNever, RetortError } from "../errors.js";

/** What `-v` prints before a command runs: the config, the env files, the environment and the database. */
export function verboseLines(config: ResolvedConfig, urlFromFlag: boolean): string[] {
  return [
    `Config: ${config.configPath}`,
    config.envFiles.length > 0 ? `Env files: ${config.envFiles.join(", ")}` : "Env files: none found",
    describeEnvironment(config.environmentChoice),
    `Database: ${describeDatabase(config.url, config.rootDirectory, urlFromFlag)}`,
  ];
}

/** The kind of database, where it is, and the URL with its password masked. */
export function describeDatabase(url: string, rootDirectory: string, fromFlag: boolean): string {
  const shown = `${redactUrl(url)}${fromFlag ? ", from --url" : ""}`;
  try {
    const location = parseDatabaseUrl(url, rootDirectory);
    switch (location.engine) {
      case "server": {
        const parsed = new URL(location.url);
        const host = parsed.hostname || parsed.searchParams.get("host") || "the default host";
        const port = parsed.port ? `:${parsed.port}` : "";
        const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "the default database";
        return `PostgreSQL server at ${host}${port}, database ${database} (${shown})`;
      }
      case "embedded":
        return `embedded PostgreSQL in ${location.directory} (${shown})`;
      case "pglite":
        return `PGlite ${location.directory === "memory" ? "in memory" : `in ${location.directory}`} (${shown})`;
      case "sqlite":
        return `SQLite ${location.file === "memory" ? "in memory" : `database ${location.file}`} (${shown})`;
      case "mysql": {
        const parsed = new URL(location.url);
        const port = parsed.port ? `:${parsed.port}` : "";
        return `MySQL server at ${parsed.hostname}${port}, database ${decodeURIComponent(parsed.pathname.replace(/^\//, ""))} (${shown})`;
      }
      default:
        return assertNever(location, "database location");
    }
  } catch (error) {
    if (error instanceof RetortError) return `${shown} (not a URL Retort can open)`;
    throw error;
  }
}

/** One line per file `retort init` looked after: created, kept because it exists, or (`.gitignore`) added to. */
export function initLines(result: InitResult): string[] {
  return result.files.map((file) => {
    switch (file.action) {
      case "created":
        return `Created ${file.path}`;
      case "exists":
        return file.kind === "gitignore" ? `${file.path} already ignores .retort/` : `Kept existing ${file.path} (it already exists)`;
      case "updated":
        return `Added .retort/ to ${file.path}`;
      default:
        return assertNever(file.action, "init action");
    }
  });
}
