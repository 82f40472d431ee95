// npm run credits -- grant <email> <n> [note]
// Adds credits to an account with a ledger row. Uses the same DATABASE_URL /
// DATA_DIR as the app.
import { grantCredits, UnknownAccountError } from "~/modules/credits/credits.server";
import { normalizeEmail } from "~/utils/email";
import { prisma } from "~/utils/db.server";

const [command, email, amountText, ...noteWords] = process.argv.slice(2);
const usage = "usage: npm run credits -- grant <email> <number of credits> [note]";

async function main() {
  if (command !== "grant" || !email || !amountText) {
    console.error(usage);
    return 2;
  }
  const amount = Number(amountText);
  if (!/^\d+$/.test(amountText) || amount <= 0) {
    console.error(`"${amountText}" is not a whole number of credits above 0.\n${usage}`);
    return 2;
  }
  try {
    const normalized = normalizeEmail(email);
    const { balance } = await grantCredits({
      email: normalized,
      amount,
      note: noteWords.join(" ") || undefined,
    });
    console.log(`Granted ${amount} credits to ${normalized}. New balance: ${balance}.`);
    return 0;
  } catch (error) {
    if (error instanceof UnknownAccountError || error instanceof RangeError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await prisma.$disconnect();
  }
}

process.exitCode = await main();
