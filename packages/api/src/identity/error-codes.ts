import { defineErrors } from "../shared/field-error.ts";

/**
 * Every refusal of the identity wing, named once: sign-up and sign-in, the address, the password,
 * second factors, passkeys and providers. Procedures throw them with `refuse(identityErrors.X)`;
 * a client words them by name (`data.errorCode` on tRPC), in its own language.
 */
export const identityErrors = defineErrors({
  // Sign-in
  CREDENTIALS_INVALID: { status: "UNAUTHORIZED", field: "credentials", reason: "invalid" },
  ACCOUNT_BANNED: { status: "FORBIDDEN", field: "account", reason: "is banned" },
  LAST_SIGN_IN_METHOD: {
    status: "BAD_REQUEST",
    field: "account",
    reason: "would have no way left to sign in: add a password or a passkey first",
  },
  // Re-authentication
  PASSWORD_WRONG: { status: "FORBIDDEN", field: "password", reason: "is wrong" },
  REAUTHENTICATION_NEEDED: { status: "FORBIDDEN", field: "password", reason: "must be confirmed again first (re-authenticate)" },
  // The second factor
  OTP_REQUIRED: { status: "UNAUTHORIZED", field: "otp", reason: "required" },
  OTP_WRONG: { status: "UNAUTHORIZED", field: "otp", reason: "is wrong" },
  OTP_REUSED: { status: "UNAUTHORIZED", field: "otp", reason: "was used already: wait for the next code" },
  OTP_NOTHING_WAITING: {
    status: "UNAUTHORIZED",
    field: "otp",
    reason: "has no sign-in waiting for it: sign in with your password first",
  },
  TOTP_NOT_CONFIGURED: { status: "PRECONDITION_FAILED", field: "totp", reason: "is not configured on this server (TOTP_ENCRYPTION_KEY)" },
  TOTP_ON_ALREADY: { status: "CONFLICT", field: "totp", reason: "is on already: turn it off first" },
  TOTP_TURNED_ON_ALREADY: { status: "CONFLICT", field: "totp", reason: "is on already" },
  TOTP_NO_SETUP: { status: "BAD_REQUEST", field: "totp", reason: "has no setup to confirm: start again" },
  TOTP_SETUP_CODE_WRONG: { status: "BAD_REQUEST", field: "code", reason: "is wrong: check the time on your device" },
  TOTP_OFF_ALREADY: { status: "BAD_REQUEST", field: "totp", reason: "is off already" },
  TOTP_OFF_NO_RECOVERY: { status: "BAD_REQUEST", field: "totp", reason: "is off: recovery codes stand in for it" },
  // The address and its codes
  CODE_WRONG: { status: "BAD_REQUEST", field: "code", reason: "is wrong" },
  CODE_EXPIRED: { status: "BAD_REQUEST", field: "code", reason: "has expired or was replaced: ask for a new one" },
  CODE_USED: { status: "BAD_REQUEST", field: "code", reason: "was used already" },
  CODE_FOR_OLD_ADDRESS: { status: "BAD_REQUEST", field: "code", reason: "was sent to an address this account no longer has" },
  EMAIL_VERIFIED_ALREADY: { status: "BAD_REQUEST", field: "email", reason: "is verified already" },
  EMAIL_UNCHANGED: { status: "BAD_REQUEST", field: "email", reason: "is your address already" },
  // Password reset
  RESET_TOKEN_INVALID: { status: "BAD_REQUEST", field: "token", reason: "is invalid, used or expired: ask for a new link" },
  // Passkeys
  PASSKEY_LIMIT: { status: "BAD_REQUEST", field: "passkey", reason: "limit reached" },
  PASSKEY_REFUSED: { status: "BAD_REQUEST", field: "passkey", reason: "was refused" },
  PASSKEY_REGISTERED_ALREADY: { status: "CONFLICT", field: "passkey", reason: "is registered already" },
  PASSKEY_UNKNOWN: { status: "BAD_REQUEST", field: "passkey", reason: "is not registered here (it may have been removed)" },
  // Providers
  PROVIDER_SIGN_UP_EXPIRED: { status: "BAD_REQUEST", field: "provider", reason: "sign-in has expired: start again" },
  PROVIDER_SIGN_UP_FINISHED: { status: "BAD_REQUEST", field: "provider", reason: "sign-in was finished already" },
  PROVIDER_LINK_EXPIRED: { status: "BAD_REQUEST", field: "provider", reason: "connection has expired: start again" },
  PROVIDER_LINK_ELSEWHERE: { status: "FORBIDDEN", field: "provider", reason: "is waiting to be connected to another account" },
  PROVIDER_LINK_FINISHED: { status: "BAD_REQUEST", field: "provider", reason: "connection was finished already" },
  PROVIDER_CONNECTED_ELSEWHERE: { status: "CONFLICT", field: "provider", reason: "is connected to another account" },
});
