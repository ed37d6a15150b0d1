import { z } from "zod";

export const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, "is not base64url");
/** What a browser's `navigator.credentials` gives back, as @simplewebauthn/browser serialises it. */
const credentialJson = <R extends z.ZodType>(response: R) =>
  z.object({
    id: base64url,
    rawId: base64url,
    type: z.literal("public-key"),
    authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
    // The extensions the browser reports that are read here; others are dropped.
    clientExtensionResults: z
      .object({
        credProps: z.object({ rk: z.boolean().optional() }).optional(),
        appid: z.boolean().optional(),
        hmacCreateSecret: z.boolean().optional(),
      })
      .default({}),
    response,
  });
export const registrationJson = credentialJson(
  z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
);
export const authenticationJson = credentialJson(
  z.object({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }),
);
