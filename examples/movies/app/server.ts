import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { openSession } from "retort";
import type { Insertable, Selectable } from "retort/schema";
import { initPostgresDb } from "./db/postgres/init.js";
import type { movies } from "./db/postgres/models.js";

/**
 * A tiny movies backend on the migrated schema: `GET /movies` lists them, `POST /movies` adds one
 * (`{"title": "...", "release_date": "2026-01-31"}`). Run `retort upgrade head` first.
 */
const config = await initPostgresDb(fileURLToPath(new URL("../retort.config.ts", import.meta.url)));
const db = await openSession(config);

/** A movie as the API sends it: its row, with the date as `YYYY-MM-DD`. Types come from the models. */
type MovieJson = Omit<Selectable<typeof movies>, "release_date"> & { release_date: string | null };
/** What `POST /movies` takes: the insertable columns except the id, which the server assigns. */
type NewMovie = Omit<Insertable<typeof movies>, "id">;

async function listMovies(response: ServerResponse): Promise<void> {
  const rows = await db.query<MovieJson>(
    "SELECT id, title, to_char(release_date, 'YYYY-MM-DD') AS release_date, director_id FROM movies ORDER BY id",
  );
  send(response, 200, rows);
}

async function addMovie(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body: { title?: unknown; release_date?: unknown; director_id?: unknown };
  try {
    body = JSON.parse(await readBody(request)) as typeof body;
  } catch {
    return send(response, 400, { error: "the body must be JSON" });
  }
  if (typeof body.title !== "string" || body.title.trim() === "") return send(response, 400, { error: "title is required" });
  const movie: NewMovie = {
    title: body.title,
    release_date: typeof body.release_date === "string" ? body.release_date : null,
    director_id: typeof body.director_id === "number" ? body.director_id : null,
  };
  const [row] = await db.query<MovieJson>(
    "INSERT INTO movies (id, title, release_date, director_id) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM movies), $1, $2, $3) RETURNING id, title, to_char(release_date, 'YYYY-MM-DD') AS release_date, director_id",
    [movie.title, movie.release_date ?? null, movie.director_id ?? null],
  );
  send(response, 201, row);
}

function send(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString()));
    request.on("end", () => resolve(text));
    request.on("error", reject);
  });
}

const server = createServer((request, response) => {
  const route = `${request.method} ${request.url?.split("?")[0]}`;
  const handler =
    route === "GET /movies"
      ? listMovies(response)
      : route === "POST /movies"
        ? addMovie(request, response)
        : Promise.resolve(send(response, 404, { error: "not found" }));
  handler.catch((error: unknown) => send(response, 500, { error: error instanceof Error ? error.message : String(error) }));
});

const port = Number(process.env.PORT ?? 3000);
// PORT=0: a free port the system picks; the line below says which.
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  console.error(`Listening on http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : port}`);
});

const shutdown = () => server.close(() => void db.close().then(() => process.exit(0)));
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
