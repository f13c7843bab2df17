#!/usr/bin/env node
import { loadLibraryModules } from "../library-modules.js";
import { provideLibraryModules } from "../project/module-loader.js";
import { runCli } from "./program.js";

provideLibraryModules(loadLibraryModules);
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
