// npm run db:generate | db:migrate | db:new-migration -- <name>
import {
  createMigration,
  deployMigrations,
  generateClients,
} from "../server/prisma-cli";

const [command, name] = process.argv.slice(2);
try {
  if (command === "generate") generateClients();
  else if (command === "deploy") deployMigrations();
  else if (command === "new-migration" && name) createMigration(name);
  else {
    console.error("usage: scripts/prisma.ts generate | deploy | new-migration <snake_case_name>");
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
