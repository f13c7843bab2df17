import { ensureDatabase, loadConfig, type ResolvedConfig } from "retort";

/**
 * The guide's `init_postgres_db()`: at start-up in development, create the database when it is missing.
 * In production the database must already exist; Retort never creates it there.
 */
export async function initPostgresDb(configPath?: string): Promise<ResolvedConfig> {
  const config = await loadConfig({ configPath });
  if (config.environment !== "production") {
    const { created, url } = await ensureDatabase(config);
    if (created) console.error(`Created database ${url}`);
  }
  return config;
}
