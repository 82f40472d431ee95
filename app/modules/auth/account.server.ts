import { credit } from "~/modules/credits/balance.server";
import { LEDGER_REASONS } from "~/modules/credits/ledger";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { getDummyPasswordHash, hashPassword, verifyPassword } from "./password.server";

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this email already exists. Log in instead?");
  }
}

/** Creates the user, its password and its welcome credits in one transaction. */
export async function createAccount({ email, password }: { email: string; password: string }) {
  const hash = await hashPassword(password);
  const grant = env.STARTING_CREDITS;
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, password: { create: { hash } } }, select: { id: true } });
      if (grant > 0) await credit(tx, { userId: user.id, amount: grant, reason: LEDGER_REASONS.signupGrant });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError();
    throw error;
  }
}

export const ACCOUNT_DISABLED_MESSAGE = "This account is disabled. Contact the administrator.";

/** Whether an administrator has disabled the account (app/modules/admin/account-status.server.ts). */
export async function isAccountDisabled(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
  return user?.disabledAt != null;
}

export async function isEmailTaken(email: string) {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  return user !== null;
}

/** The user's id when the password matches, otherwise null. */
export async function verifyUserPassword(email: string, password: string) {
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, password: { select: { hash: true } } },
  });
  if (!user?.password) {
    // Spend the same time as a real check so response timing does not reveal
    // which emails have accounts.
    await verifyPassword(password, await getDummyPasswordHash());
    return null;
  }
  return (await verifyPassword(password, user.password.hash)) ? { id: user.id } : null;
}

function isUniqueViolation(error: unknown) {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Who the account is and what it holds, for the API's /me. */
export async function getAccountSummary(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, credits: true } });
  return user && { ...user, creditsPerGeneration: env.CREDITS_PER_GENERATION };
}
