import { z } from "zod";
import { requiredText } from "./text.ts";
import { email, password } from "./users.ts";

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
});
export const reauthenticateInput = z.strictObject({ password: currentPassword });
export const changeEmailInput = z.strictObject({ email });
export const changePasswordInput = z.strictObject({ currentPassword, newPassword: password });
