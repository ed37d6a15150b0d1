export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { createContextInner, type Context, type ContextInput, type ProcedureCall } from "./context.ts";
export {
  createAuthRateLimiter,
  createWindowCounter,
  type RateLimitOptions,
  type AuthRateLimiter,
  type WindowCounter,
} from "./limits/auth-rate-limiter.ts";
export { createLive, type Live } from "./shared/live-hub.ts";
export type { LiveMessage } from "./live/live-view.ts";
export { workAccountMail } from "./identity/account/account-mail.ts";
export { resolveIdentity, providerSession, type ProviderIdentity } from "./identity/connections/identity.ts";
export { accountJobs } from "./shared/job-kinds.ts";
export { apiUpkeep } from "./upkeep.ts";
export { procedureAt, type ProcedureFacts } from "./procedure-at.ts";
