import { loadLibraryModules } from "../../src/library-modules.js";
import { provideLibraryModules } from "../../src/project/module-loader.js";

// In-process tests reach commands without going through an entry point; give project files Retort as the CLI does.
provideLibraryModules(loadLibraryModules);
