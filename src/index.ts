/**
 * The package's main entry (`import … from "retort"`): the library API, and the wiring that lets the project's own
 * TypeScript (config, models, revision files) import this running copy of Retort.
 */
import { loadLibraryModules } from "./library-modules.js";
import { provideLibraryModules } from "./project/module-loader.js";

export * from "./library.js";

provideLibraryModules(loadLibraryModules);
