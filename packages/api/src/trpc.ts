import { t } from "./init.ts";
import { traced } from "./middleware/traced.ts";
import { logged } from "./middleware/logged.ts";
import { storableText } from "./middleware/storable-text.ts";
import { constraintsAnswered } from "./middleware/constraints-answered.ts";
import { idempotent } from "./middleware/idempotent.ts";
import { signedIn } from "./middleware/signed-in.ts";

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Anyone may call; `ctx.getAuth()` tells who, if the procedure needs to know. */
export const publicProcedure = t.procedure.use(traced).use(logged).use(storableText).use(constraintsAnswered).use(idempotent);

/** Only a signed-in caller: 401 without a valid session. `ctx.auth` is the session and user. */
export const authedProcedure = publicProcedure.use(signedIn);
