import { z } from "zod";
import { EmailSchema } from "~/utils/email";

export const PASSWORD_MIN_LENGTH = 8;
// bcrypt only reads the first 72 bytes of a password.
export const PASSWORD_MAX_LENGTH = 72;

export const NewPasswordSchema = z
  .string({ required_error: "Choose a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`)
  .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_LENGTH, {
    message: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`,
  });

export const LoginFormSchema = z.object({
  email: EmailSchema,
  password: z.string({ required_error: "Enter your password." }),
  redirectTo: z.string().optional(),
});

export const SignupFormSchema = z.object({
  email: EmailSchema,
  password: NewPasswordSchema,
  redirectTo: z.string().optional(),
});

export const ChangePasswordFormSchema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password." }),
    newPassword: NewPasswordSchema,
  })
  .refine((data) => data.newPassword !== data.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });

export const DeleteAccountFormSchema = z.object({
  password: z.string({ required_error: "Enter your password to confirm." }),
});
