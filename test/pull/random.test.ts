import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "vitest";
import { modelSource, Random, randomModel } from "../autogenerate/random/generator.js";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject } from "../helpers/project.js";
import { expectOk, expectPullContract, writeConfig } from "./contract.js";

/**
 * The pull contract on random models (the autogenerate round trip's generator): build the models into a
 * database, pull it, check, rebuild from the pulled models, compare. `RETORT_PULL_SEEDS=n` runs more seeds.
 */
const SEEDS = Array.from({ length: Number(process.env.RETORT_PULL_SEEDS ?? 3) }, (_, i) => 101 + i);

describe("retort pull on random models (server)", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: ReturnType<typeof serverDatabaseUrl>;

  beforeEach(async () => {
    dir = await tempDirectory("retort-pull-random-");
    database = serverDatabaseUrl("retort_pull_random");
  });
  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it.each(SEEDS)("seed %i: check after pull is clean and the pulled models rebuild the schema", async (seed) => {
    const source = modelSource(randomModel(new Random(seed)));
    await writeFile(path.join(dir.path, "source-models.ts"), source);
    const project = await createProject(dir.path, database.url);
    const config = await writeConfig(dir.path, "retort.source.ts", {
      url: database.url,
      models: "./source-models.ts",
      includeSchemas: ["public"],
    });
    expectOk(await project.run("-c", config, "revision", "--autogenerate", "-m", `seed ${seed}`), `autogenerate seed ${seed}\n${source}`);
    expectOk(await project.run("-c", config, "upgrade", "head"), `upgrade seed ${seed}`);
    await expectPullContract(database.url, dir.path, ["public"]);
  });
});
