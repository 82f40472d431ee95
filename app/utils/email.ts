// What counts as an email address and how two are compared, shared by log in
// and sign up (modules/auth/validation.ts) and by ADMIN_EMAILS in the settings.
import { z } from "zod";

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export const EmailSchema = z
  .string({ required_error: "Enter your email address." })
  .trim()
  .max(254, "That email address is too long.")
  .email("Enter a valid email address, like you@example.com.")
  .transform(normalizeEmail);
