export { appRouter, createCaller, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { createContextInner, type Context, type ContextInput, type ProcedureCall, type SessionCookies } from "./context.ts";
export {
  createAuthRateLimiter,
  createWindowCounter,
  defaultRateLimits,
  type RateLimitOptions,
  type AuthRateLimiter,
  type WindowCounter,
} from "./limits/auth-rate-limiter.ts";
export type { FieldErrors } from "@conduit/validators";
export { FieldError } from "./shared/field-error.ts";
export type { Logger } from "./shared/logger.ts";
export type { Article, ArticlePreview } from "./articles/to-article.ts";
export type { Profile } from "./profiles/to-profile.ts";
export type { User } from "./users/to-user.ts";
export type { Comment } from "./comments/to-comment.ts";
export { createLive, type Live, type LiveOptions } from "./live/live.ts";
export type { LiveMessage } from "./live/live-view.ts";
