import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/connect.js";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { modelSource, Random, randomChanges, randomModel } from "./random/generator.js";
import { resetSchema, runSeed } from "./random/roundtrip-case.js";

/**
 * Randomized round trip of autogenerate on the PostgreSQL server and the embedded default: random models A, a
 * random sequence of changes to B; upgrade and `check` for each; B equals B built from empty; `downgrade -1`
 * gives A's catalog exactly; `downgrade base` leaves nothing. `RETORT_ROUNDTRIP_SEEDS=200` runs more seeds
 * (`npm run test:roundtrip`), `RETORT_ROUNDTRIP_SEED=n[,m…]` replays seeds, `RETORT_ROUNDTRIP_FIRST=n` starts elsewhere.
 */
const replay = process.env.RETORT_ROUNDTRIP_SEED;
const count = Number(process.env.RETORT_ROUNDTRIP_SEEDS ?? 2);
const first = Number(process.env.RETORT_ROUNDTRIP_FIRST ?? 1);
const SEEDS = replay === undefined ? Array.from({ length: count }, (_, i) => first + i) : replay.split(",").map(Number);
/** Starting the embedded server runs initdb, slow on a busy machine; a seed runs about a dozen commands. */
const SETUP_MS = 180_000;
const SEED_MS = 120_000;

describe("the random models generator", () => {
  it("is deterministic per seed and changes A", () => {
    const draw = (seed: number) => {
      const random = new Random(seed);
      const a = randomModel(random);
      const { model: b, changes } = randomChanges(random, a);
      return { a: modelSource(a), b: modelSource(b), changes };
    };
    const one = draw(7);
    expect(draw(7)).toEqual(one);
    expect(draw(8)).not.toEqual(one);
    expect(one.changes.length).toBeGreaterThan(0);
    expect(one.a).toMatch(/export const t_1 = table\("t_1"/);
  });
});

describe.each(["server", "embedded"] as const)("randomized autogenerate round trip on %s", (engineName) => {
  let engine: EngineFixture;
  let directory: Awaited<ReturnType<typeof tempDirectory>>;

  beforeAll(async () => {
    directory = await tempDirectory("retort-random-");
    engine = await engineFixture(engineName, directory.path);
    // Creates the database (the server's is made by Retort on first use, the embedded one by initdb).
    const opened = await openDatabase(engine.url, directory.path, { createIfMissing: true });
    await opened.session.close();
    await resetSchema(engine);
  }, SETUP_MS);
  afterAll(async () => {
    await engine?.dispose();
    if (!process.env.RETORT_ROUNDTRIP_KEEP) await directory?.remove();
  });

  it.each(SEEDS)(
    "seed %i: upgrade, check, downgrade -1 and base restore the catalog",
    async (seed) => {
      try {
        await runSeed(seed, { engine, directory: directory.path });
      } catch (error) {
        // Leave a clean schema for the next seed.
        await resetSchema(engine).catch(() => undefined);
        throw error;
      }
    },
    SEED_MS,
  );
});
