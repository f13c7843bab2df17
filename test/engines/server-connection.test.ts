import os from "node:os";
import { describe, expect, it } from "vitest";
import { openServer } from "../../src/engines/server/index.js";
import { ConnectionError } from "../../src/errors.js";
import { queryServer, SERVER_URL } from "../helpers/databases.js";

function withParams(params: Record<string, string>): string {
  const url = new URL(SERVER_URL);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

describe("openServer: connection options read as libpq reads them", () => {
  it("names its session after the process and host, so it can be told apart in pg_stat_activity", async () => {
    const opened = await openServer(SERVER_URL, { createIfMissing: false });
    try {
      const [row] = await opened.session.query<{ application_name: string }>(
        "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()",
      );
      expect(row?.application_name).toBe(`retort ${process.pid}@${os.hostname()}`.slice(0, 63));
    } finally {
      await opened.session.close();
    }
  });

  it("connects with sslmode disable, allow and prefer, and over TLS with require only when the server offers it", async () => {
    const [{ ssl } = { ssl: "off" }] = await queryServer<{ ssl: string }>(SERVER_URL, "SHOW ssl");
    for (const sslmode of ["disable", "allow", "prefer"]) {
      const opened = await openServer(withParams({ sslmode }), { createIfMissing: false });
      const [row] = await opened.session.query<{ tls: boolean }>(
        "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls",
      );
      await opened.session.close();
      expect(row?.tls, sslmode).toBe(sslmode === "prefer" && ssl === "on");
    }
    const required = openServer(withParams({ sslmode: "require" }), { createIfMissing: false });
    if (ssl === "on") {
      const opened = await required;
      await opened.session.close();
    } else {
      await expect(required).rejects.toThrow(ConnectionError);
      await expect(openServer(withParams({ sslmode: "require" }), { createIfMissing: false })).rejects.toThrow(
        /does not accept TLS connections, and the URL's sslmode asks for one/,
      );
    }
  });

  it("prints no driver warning for sslmode in the URL", async () => {
    const warnings: string[] = [];
    const listener = (warning: Error) => warnings.push(warning.message);
    process.on("warning", listener);
    try {
      const opened = await openServer(withParams({ sslmode: "prefer" }), { createIfMissing: false });
      await opened.session.close();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listener);
    }
    expect(warnings.filter((message) => /SECURITY WARNING|sslmode/i.test(message))).toEqual([]);
  });
});
