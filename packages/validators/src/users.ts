import { z } from "zod";
import { optionalText, requiredText } from "./text.ts";

export const email = requiredText(254).toLowerCase().pipe(z.email("is invalid"));
const username = requiredText(40).regex(/^[\w.-]+$/, "may contain only letters, digits, '.', '_' and '-'");
/** argon2 has no length limit of its own: cap it so a huge password cannot tie up the CPU. */
export const password = z
  .string()
  .min(1, { message: "can't be blank", abort: true })
  .min(8, "is too short (minimum is 8 characters)")
  .max(256, "is too long (maximum is 256 characters)");

export const registerInput = z.strictObject({ username, email, password });

/** A second factor: a 6-digit code from the authenticator app, or a recovery code (`xxxxx-xxxxx`). */
export const otp = z
  .string()
  .trim()
  .min(1, "can't be blank")
  .max(20, "is not a code")
  .regex(/^(\d{6}|[a-zA-Z2-7]{5}-?[a-zA-Z2-7]{5})$/, "must be the 6 digits from your app, or a recovery code");

export const loginInput = z.strictObject({
  email: requiredText(254).toLowerCase(),
  password: z.string().min(1, "can't be blank").max(256, "is too long (maximum is 256 characters)"),
  /** The second factor, for an account that has one: API clients sign in with one call. */
  otp: otp.optional(),
});

export const updateUserInput = z.strictObject({
  email: email.optional(),
  username: username.optional(),
  password: password.optional(),
  bio: optionalText(2_000).optional(),
  image: optionalText(2_048)
    .refine((v) => v === null || /^https?:\/\//.test(v), "must be an http(s) URL")
    .optional(),
});
