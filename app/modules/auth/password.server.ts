import bcrypt from "bcryptjs";

// Cost 10 is bcrypt's common default (~70 ms in pure JS on these machines);
// tests lower it through BCRYPT_COST to keep the suite fast.
const cost = Number(process.env.BCRYPT_COST) || 10;

export function hashPassword(password: string) {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string) {
  return bcrypt.compare(password, hash);
}
