import { t } from "../init.ts";
import { refuse } from "../shared/field-error.ts";
import { runSteps, type Step } from "./chain.ts";
import { requestErrors } from "../shared/request-errors.ts";

/**
 * Only a signed-in caller: 401 without a valid session, and 401 "second factor required" for a
 * session that has given only the password of an account with a second factor. Adds `ctx.auth`.
 * The steps `before` run around it and `after` once the caller is known, all in this one
 * middleware (see chain.ts for why one).
 */
export const signedIn = (before: Step[], after: Step[]) =>
  t.middleware((opts) => {
    const { ctx } = opts;
    const last = async () => {
      const auth = await ctx.getAuth();
      if (!auth && (await ctx.getPendingAuth())) throw refuse(requestErrors.SECOND_FACTOR_PENDING);
      if (!auth) throw refuse(ctx.token ? requestErrors.TOKEN_INVALID : requestErrors.TOKEN_MISSING);
      return runSteps(after, opts, () => opts.next({ ctx: { auth } }));
    };
    return runSteps(before, opts, last);
  });
