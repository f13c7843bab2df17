import { createRequire } from "node:module";
import type pg from "pg";

const require = createRequire(import.meta.url);
let loaded: typeof pg | undefined;

/**
 * The `pg` driver. While it loads, `pg` asks whether it runs in a Cloudflare Worker: it reads
 * `navigator.userAgent` when there is a `navigator` (Node 21 and later have one) and otherwise builds a fetch
 * `Response`, which makes Node 20 load its bundled undici, a cost every command that connects would pay
 * (bench/RESULTS.md). On Node 20 a `navigator` that says Node.js is lent for the (synchronous) load and taken
 * away right after, so nothing else ever sees it.
 */
export function loadPg(): typeof pg {
  if (loaded) return loaded;
  const global = globalThis as { navigator?: unknown };
  if (global.navigator !== undefined) return (loaded = require("pg") as typeof pg);
  Object.defineProperty(globalThis, "navigator", {
    value: { userAgent: `Node.js/${process.versions.node}` },
    configurable: true,
    writable: true,
  });
  try {
    return (loaded = require("pg") as typeof pg);
  } finally {
    delete global.navigator;
  }
}
