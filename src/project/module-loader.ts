import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";
import type { Jiti, JitiOptions, TransformOptions, TransformResult } from "jiti";
import { RETORT_VERSION } from "./version.js";
import { rejectDuplicateExports } from "./duplicate-exports.js";
import { TranspileCache } from "./transpile-cache.js";

const require = createRequire(import.meta.url);
let loader: Promise<ProjectLoader> | undefined;
let cache: TranspileCache | undefined | null;

/**
 * Imports a file of the project (config, models, revision file) and returns its exports, or with `default` its
 * default export when it has one.
 *
 * A `.ts` file takes a short path: read, transpiled (or found in the transpile cache), compiled and run as
 * CommonJS, faster per file than jiti's general machinery (bench/RESULTS.md), which is what an `upgrade` of
 * 1,000 revisions pays 1,000 times. What the file imports goes through jiti: `retort`,
 * `retort/schema`, other TypeScript files, packages. Other extensions go to jiti whole.
 */
export async function importProjectModule<T = Record<string, unknown>>(file: string, options: ProjectImportOptions = {}): Promise<T> {
  const loader = await moduleLoader();
  if (path.extname(file) !== ".ts") return loader.jiti().import<T>(file, options.default ? { default: true } : {});
  if (cache === undefined) cache = TranspileCache.open(`retort ${RETORT_VERSION}, sucrase ${sucraseVersion()}`) ?? null;
  if (options.cache === false) {
    const { exports } = runCommonJs(
      file,
      transpile({ source: readFileSync(file, "utf8"), filename: file, ts: true }).code,
      undefined,
      loader,
    );
    return pick(exports, options) as T;
  }
  // The file's stamp finds its entry without reading the source; a file changed moments ago has no stamp to
  // trust yet, and its source's hash is the key.
  let source: string | undefined;
  const key = cache?.stampKey(file, statSync(file)) ?? (cache ? cache.sourceKey((source = readFileSync(file, "utf8"))) : undefined);
  const cached = key === undefined ? undefined : cache?.get(key);
  const code = cached?.code ?? transpile({ source: source ?? readFileSync(file, "utf8"), filename: file, ts: true }).code;
  const { exports, compiled } = runCommonJs(file, code, cached?.compiled, loader);
  // Written when new, or when V8 made a new code cache (it had none, or refused the one it was given).
  if (key !== undefined && (cached === undefined || compiled)) cache?.set(key, { code, compiled: compiled ?? cached?.compiled });
  return pick(exports, options) as T;
}

/** How {@link importProjectModule} loads a file. */
export interface ProjectImportOptions {
  /** Return the default export when there is one. */
  readonly default?: boolean;
  /**
   * `false`: transpile afresh and keep nothing on disk, for a file that may hold secrets (the config, whose URL
   * can carry a password that would otherwise outlive its rotation in the cache).
   */
  readonly cache?: boolean;
}

function pick(exports: unknown, options: ProjectImportOptions): unknown {
  const result = exports as Record<string, unknown>;
  return options.default ? (result["default"] ?? result) : result;
}

/**
 * Runs CommonJS code as the module `file`; its `require` resolves from the file's folder, through jiti.
 * `cachedData` is V8's code cache for it; `compiled` comes back when V8 had none or refused it, to be kept with
 * the transpiled code (compiling a large models file costs more than reading its cache).
 */
function runCommonJs(
  file: string,
  code: string,
  cachedData: Buffer | undefined,
  loader: ProjectLoader,
): { exports: unknown; compiled: Buffer | undefined } {
  const module = { exports: {} as unknown };
  let fromFile: Jiti | undefined;
  const { virtualModules } = loader;
  const requireFromFile = (id: string): unknown => {
    if (Object.hasOwn(virtualModules, id)) return virtualModules[id];
    fromFile ??= (require("jiti") as typeof import("jiti")).createJiti(file, loader.options);
    return fromFile(id);
  };
  // The wrapper opens on the code's first line, so line numbers in errors stay those of the file.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file, cachedData });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, requireFromFile, module, file, path.dirname(file));
  // Made after the run, the cache also holds the functions the module body called.
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  return { exports: module.exports, compiled: fresh ? script.createCachedData() : undefined };
}

function sucraseVersion(): string {
  return (require("sucrase/package.json") as { version: string }).version;
}

/** `retort` and `retort/schema` as a project file sees them, and jiti for everything else, created on first need. */
interface ProjectLoader {
  readonly virtualModules: Readonly<Record<string, unknown>>;
  readonly options: JitiOptions;
  readonly jiti: () => Jiti;
}

/** What a project file gets for `import … from "retort"` and `"retort/schema"`. */
export interface LibraryModules {
  readonly retort: object;
  readonly "retort/schema": object;
}

let libraryModules: (() => Promise<LibraryModules>) | undefined;

/**
 * Called once by each entry point (the CLI, the library's main module) with this running copy of Retort: the loader
 * sits below the code those modules export, so it is handed them rather than importing them.
 */
export function provideLibraryModules(load: () => Promise<LibraryModules>): void {
  libraryModules = load;
}

/**
 * Loads the project's TypeScript (config, models, revision files) without a build step.
 *
 * - `retort` and `retort/schema` resolve to the modules an entry point provided (jiti's virtual modules): the
 *   builders a revision file imports are the very objects the runtime uses, and Retort's own code is never
 *   transpiled again.
 * - Files are transpiled by sucrase (types stripped, ESM to CommonJS) instead of jiti's default Babel pipeline,
 *   which is what a 1,000-revision upgrade or a large models file spends its time on (bench/RESULTS.md).
 *   Consequence: no top-level `await` in config, models or revision files.
 * - jiti itself is loaded only when a file imports something else: a config, models and revision files that
 *   import only Retort never need it.
 */
function moduleLoader(): Promise<ProjectLoader> {
  loader ??= createLoader();
  return loader;
}

async function createLoader(): Promise<ProjectLoader> {
  if (libraryModules === undefined) {
    throw new Error("Retort's entry point did not provide the modules project files import: call provideLibraryModules first.");
  }
  const modules = await libraryModules();
  const options: JitiOptions = {
    virtualModules: { retort: modules.retort, "retort/schema": modules["retort/schema"] },
    interopDefault: false,
    // Every load reads the file again: a long-lived process (a library user, a watch mode, a test) sees edits.
    moduleCache: false,
    transform: transpile,
  };
  let jiti: Jiti | undefined;
  return {
    virtualModules: options.virtualModules!,
    options,
    // jiti's CommonJS entry, through require: importing its ESM entry makes Node scan the whole CommonJS bundle
    // behind it for export names first (cjs-module-lexer), which every command that reads the config would pay.
    jiti: () => (jiti ??= (require("jiti") as typeof import("jiti")).createJiti(import.meta.url, options)),
  };
}

function transpile(options: TransformOptions): TransformResult {
  const { transform } = require("sucrase") as typeof import("sucrase");
  // A syntax error throws here, with the position in the message: "Unexpected token, expected "," (5:2)".
  const result = transform(options.source, {
    transforms: options.ts === false ? ["imports"] : ["typescript", "imports"],
    filePath: options.filename,
    production: true,
  });
  rejectDuplicateExports(options.source, options.filename);
  return { code: result.code };
}

/**
 * Imports a package as the project file `file` would import it (resolved from the file's folder, through the
 * same loader), or `undefined` when the project does not have it installed. Retort uses it for optional
 * packages it reads models through (`drizzle-orm/pg-core`), so that it never depends on them itself.
 */
export async function importFromProjectFile<T = Record<string, unknown>>(specifier: string, file: string): Promise<T | undefined> {
  const loader = await moduleLoader();
  const fromFile = (require("jiti") as typeof import("jiti")).createJiti(file, loader.options);
  try {
    fromFile.esmResolve(specifier);
  } catch {
    return undefined;
  }
  return fromFile(specifier) as T;
}
