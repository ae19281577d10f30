// `npm run db:migrate`: applies committed migrations to the configured database (DATABASE_URL, or
// the embedded one in SWITCHBOARD_DATA_DIR, refused while a running server holds its folder).
import { ConfigError, loadEnv } from "../lib/env";
import { closeDb, DatabaseLockedError } from "../lib/db/engine/client";
import { MigrationError, migrateDatabase } from "../lib/db/engine/migrate";

async function main(): Promise<number> {
  try {
    const env = loadEnv();
    const where = env.embedded ? `embedded database in ${env.dataDir}` : "DATABASE_URL";
    const result = await migrateDatabase({ log: (line) => console.log(line) });
    console.log(
      result.applied.length === 0
        ? `${where}: up to date (${result.skipped} migrations, ${result.durationMs} ms)`
        : `${where}: applied ${result.applied.length} migration(s) in ${result.durationMs} ms`,
    );
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DatabaseLockedError ||
      error instanceof MigrationError
    ) {
      console.error(error.message);
      return 1;
    }
    console.error(error);
    return 1;
  } finally {
    await closeDb().catch(() => {});
  }
}

// Exit explicitly: drivers keep timers alive and the process would linger for seconds.
process.exit(await main());
