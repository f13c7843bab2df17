import path from "node:path";
import { describe, expect, it } from "vitest";
import { envFileNames, readEnvFiles } from "./env-files.js";

const root = path.join(path.sep, "app");
const at = (name: string) => path.join(root, name);

/** A project folder held in memory: file name → text. */
function folder(files: Record<string, string>) {
  return (file: string) => files[path.relative(root, file)];
}

describe("readEnvFiles", () => {
  it("lets a more specific file win and real variables win over all files", () => {
    const read = folder({
      ".env": "A=env\nB=env\nC=env\nD=env\nE=env\n",
      ".env.development": "B=development\nC=development\nD=development\n",
      ".env.local": "C=local\nD=local\n",
      ".env.development.local": "D=development.local\n",
    });
    const result = readEnvFiles(root, { E: "real" }, { read });
    expect(result.values).toEqual({ A: "env", B: "development", C: "local", D: "development.local" });
    expect(result.files).toEqual([".env", ".env.development", ".env.local", ".env.development.local"].map(at));
  });

  it("picks the environment's files from NODE_ENV, RETORT_ENV, or else from .env", () => {
    const read = folder({ ".env": "X=base\n", ".env.production": "X=production\n", ".env.test": "X=test\n" });
    expect(readEnvFiles(root, { NODE_ENV: "prod" }, { read }).values).toEqual({ X: "production" });
    expect(readEnvFiles(root, { RETORT_ENV: "test", NODE_ENV: "production" }, { read }).values).toEqual({ X: "test" });
    expect(readEnvFiles(root, {}, { read }).values).toEqual({ X: "base" });
    const fromDotEnv = folder({ ".env": "NODE_ENV=production\n", ".env.production": "X=production\n" });
    expect(readEnvFiles(root, {}, { read: fromDotEnv }).values).toEqual({ NODE_ENV: "production", X: "production" });
  });

  it("reads only the --env-file file when one is given, and fails when it is missing", () => {
    const read = folder({ ".env": "X=base\n", "ci.env": "X=ci\n" });
    expect(readEnvFiles(root, {}, { read, file: at("ci.env") })).toEqual({ files: [at("ci.env")], values: { X: "ci" } });
    expect(() => readEnvFiles(root, {}, { read, file: at("missing.env") })).toThrow(`Env file not found: ${at("missing.env")}`);
  });

  it("parses quotes and comments as Node.js does", () => {
    const read = folder({ ".env": '# comment\nURL="postgres://u:p@h/db" # trailing\nEMPTY=\n' });
    expect(readEnvFiles(root, {}, { read }).values).toEqual({ URL: "postgres://u:p@h/db", EMPTY: "" });
  });

  it("names the files least specific first", () => {
    expect(envFileNames("test")).toEqual([".env", ".env.test", ".env.local", ".env.test.local"]);
  });
});
