/**
 * `retort/testing`: migrated databases for an application's own tests, each a copy of a template database that
 * the project's revisions were run into once.
 */
import { loadLibraryModules } from "../library-modules.js";
import { provideLibraryModules } from "../project/module-loader.js";

export {
  closeTestDatabases,
  createTestDatabase,
  type CreateTestDatabaseOptions,
  type TestDatabase,
} from "../commands/test-database.js";

// The project's revision files import `retort` and `retort/schema`: they get this running copy.
provideLibraryModules(loadLibraryModules);
