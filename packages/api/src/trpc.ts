import { t } from "./init.ts";
import { chain } from "./middleware/chain.ts";
import { traced } from "./middleware/traced.ts";
import { logged } from "./middleware/logged.ts";
import { storableText } from "./middleware/storable-text.ts";
import { constraintsAnswered } from "./middleware/constraints-answered.ts";
import { idempotent } from "./middleware/idempotent.ts";
import { signedIn } from "./middleware/signed-in.ts";
import { permitted } from "./middleware/permitted.ts";
import { verifiedEmail } from "./middleware/verified-email.ts";
import type { Permission } from "./permissions/permission.ts";

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Around every call, in this order: a span, a log line, the text check, constraint errors as 409/404, the Idempotency-Key. */
const around = [traced, logged, storableText, constraintsAnswered, idempotent];

/** Anyone may call; `ctx.getAuth()` tells who, if the procedure needs to know. Each one is on the list in test/permissions.test.ts. */
export const publicProcedure = t.procedure.meta({ permission: "public" }).use(chain(...around, permitted));

/**
 * Only a signed-in caller (401 without a valid session) whose roles grant `permission`, own or
 * any (403 otherwise), and under EMAIL_VERIFICATION=required a verified address for writes that
 * others see. `ctx.auth` is the session, the user and their permissions.
 */
export const permittedProcedure = (permission: Permission) =>
  t.procedure.meta({ permission }).use(signedIn(around, [permitted, verifiedEmail]));
