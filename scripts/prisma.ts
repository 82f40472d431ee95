// npm run db:generate | db:migrate | db:new-migration -- <name>
// A command-line tool apart from the app: it reads only the settings it
// needs (the database, and a PostgreSQL server to author migrations against),
// not the app's whole environment.
import { resolveDatabaseUrl } from "../app/utils/data-paths.server";
import {
  createMigration,
  deployMigrations,
  generateClients,
} from "../server/prisma-cli";

const [command, name] = process.argv.slice(2);
try {
  if (command === "generate") generateClients();
  else if (command === "deploy") deployMigrations(resolveDatabaseUrl(process.env));
  else if (command === "new-migration" && name) {
    createMigration(name, process.env.MIGRATION_POSTGRES_URL || process.env.TEST_POSTGRES_URL);
  }
  else {
    console.error("usage: scripts/prisma.ts generate | deploy | new-migration <snake_case_name>");
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
