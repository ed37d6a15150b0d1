import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router, createCallerFactory } from "./trpc.ts";
import { usersRouter } from "./identity/users/router.ts";
import { profilesRouter } from "./profiles/router.ts";
import { articlesRouter } from "./articles/router.ts";
import { commentsRouter } from "./comments/router.ts";
import { tagsRouter } from "./tags/router.ts";
import { liveRouter } from "./live/router.ts";
import { auditRouter } from "./audit/router.ts";
import { accountRouter } from "./identity/account/router.ts";
import { securityRouter } from "./identity/security/router.ts";
import { passkeysRouter } from "./identity/passkeys/router.ts";
import { connectionsRouter } from "./identity/connections/router.ts";
import { moderationRouter } from "./moderation/router.ts";
import { rolesRouter } from "./roles/router.ts";
import { reportsRouter } from "./reports/router.ts";

export const appRouter = router({
  users: usersRouter,
  profiles: profilesRouter,
  articles: articlesRouter,
  comments: commentsRouter,
  tags: tagsRouter,
  live: liveRouter,
  account: accountRouter,
  security: securityRouter,
  passkeys: passkeysRouter,
  connections: connectionsRouter,
  audit: auditRouter,
  moderation: moderationRouter,
  roles: rolesRouter,
  reports: reportsRouter,
});

export type AppRouter = typeof appRouter;
/** Every procedure's input and output types, by domain and name: `RouterOutputs["articles"]["get"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export const createCaller = createCallerFactory(appRouter);
