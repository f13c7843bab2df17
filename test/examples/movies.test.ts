import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { runRetort } from "../helpers/spawn-cli.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/movies/", import.meta.url));
const JITI = fileURLToPath(new URL("../../node_modules/.bin/jiti", import.meta.url));

/** Starts the example's HTTP server on a port the system picks, and resolves with the port once it listens. */
function startApp(env: NodeJS.ProcessEnv): Promise<{ app: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(JITI, [path.join(EXAMPLE, "app/server.ts")], {
      cwd: EXAMPLE,
      env: { ...process.env, ...env, PORT: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const listening = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (listening) resolve({ app: child, port: Number(listening[1]) });
    });
    child.on("exit", (code) => reject(new Error(`the app exited (${code}): ${stderr}`)));
  });
}

describe.each(["server", "embedded"] as const)("the movies example on %s", (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("upgrades with its committed revisions, then serves GET and POST /movies", async () => {
    let url: string;
    if (engine === "server") {
      const db = serverDatabaseUrl("retort_movies");
      url = db.url;
      cleanups.push(() => dropServerDatabase(db.name));
    } else {
      const dir = await tempDirectory("retort-movies-");
      url = `embedded:${path.join(dir.path, "db")}`;
      cleanups.push(dir.remove);
    }
    const env = { DATABASE_URL: url, RETORT_ENV: "development" };
    const up = await runRetort(["upgrade", "head"], { cwd: EXAMPLE, env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("Running upgrade 27c6a30d7c24 -> 3b8e5f1a9c20, create directors table");

    const { app, port } = await startApp(env);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          app.on("exit", () => resolve());
          app.kill("SIGTERM");
        }),
    );
    const base = `http://127.0.0.1:${port}/movies`;
    expect(await (await fetch(base)).json()).toEqual([]);
    const created = await fetch(base, { method: "POST", body: JSON.stringify({ title: "Alien", release_date: "1979-05-25" }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 1, title: "Alien", release_date: "1979-05-25", director_id: null });
    expect((await fetch(base, { method: "POST", body: JSON.stringify({}) })).status).toBe(400);
    expect(await (await fetch(base)).json()).toEqual([{ id: 1, title: "Alien", release_date: "1979-05-25", director_id: null }]);
  });
});
