import { z } from "zod";
import { requiredText } from "./text.ts";
import { email, otp, password } from "./users.ts";

/** An emailed code: 8 digits, however the user spaced them when typing. */
const code = z
  .string()
  .max(32)
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{8}$/, "must be the 8 digits from the mail"));

const currentPassword = z.string().min(1, "can't be blank").max(256, "is too long (maximum is 256 characters)");

export const verifyEmailInput = z.strictObject({ code });
export const requestPasswordResetInput = z.strictObject({ email });
export const resetPasswordInput = z.strictObject({
  token: requiredText(128).regex(/^[a-z2-7]+$/, "is not a reset link's token"),
  password,
  /** The second factor, asked before the new password is taken, for an account that has one. */
  otp: otp.optional(),
});
export const reauthenticateInput = z.strictObject({ password: currentPassword });
export const changeEmailInput = z.strictObject({ email });
export const changePasswordInput = z.strictObject({ currentPassword, newPassword: password });

export const secondFactorInput = z.strictObject({ otp });
export const totpCodeInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "must be the 6 digits from your app"),
});
export const passkeyNameInput = requiredText(60);
