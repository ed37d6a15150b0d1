import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseDatabaseUrl } from "@conduit/db";

const developmentSecret = "conduit-development-cookie-secret-change-me";
// The repository's data folder, beside the SQLite file (from src/ and from dist/ alike).
const defaultMailDir = fileURLToPath(new URL("../../../data/mailbox", import.meta.url));

/** A 256-bit key given as base64. */
const aesKey = z
  .string()
  .transform((value) => new Uint8Array(Buffer.from(value, "base64")))
  .refine((key) => key.length === 32, "must be 32 bytes, base64 (openssl rand -base64 32)");

/** One sign-in provider: any OpenID Connect issuer by discovery, or GitHub (plain OAuth 2) by its fixed endpoints. */
const provider = z.strictObject({
  /** In the redirect URL (`/auth/<id>/callback`) and in connections: letters, digits, '-'. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** On the button: "Sign in with <name>". */
  name: z.string().min(1).max(60),
  kind: z.enum(["oidc", "github"]).default("oidc"),
  /** The OIDC issuer (discovery at first use); plain http only on 127.0.0.1 or localhost (tests). */
  issuer: z.url().optional(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  scopes: z.string().default("openid email profile"),
  /** Skip Conduit's second factor when this provider's `amr` says the user did MFA there. */
  trustMfa: z.boolean().default(false),
  /** GitHub's endpoints, for a GitHub Enterprise server or a test double; github.com's by default. */
  githubUrls: z.strictObject({ authorize: z.url(), token: z.url(), api: z.url() }).optional(),
});
const providers = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of providers" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(provider.refine((p) => p.kind === "github" || p.issuer, "an OIDC provider needs its issuer"))
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, "provider ids must differ"),
  );
export type ProviderSetting = z.output<typeof provider>;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    DATABASE_URL: z.string().optional(),
    COOKIE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ALLOWED_ORIGINS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    TRUST_PROXY: z.stringbool().default(false),
    /** Requests per client IP per minute over the whole server; 0 turns the limit off. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(3000),
    /** Log-in and registration attempts per minute, per client IP and per account name. */
    AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(60),
    AUTH_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
    WEB_DIST: z.string().optional(),
    /** A client has this long to send its headers, and this long for the whole request. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    /** An idle keep-alive connection closes after this; a socket with no traffic at all, after the idle timeout. */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(72_000),
    HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
    /** SQLite's durability: NORMAL survives a crash of the process, FULL also a power cut. */
    SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
    /** Prometheus metrics at http://METRICS_HOST:METRICS_PORT/metrics; off when no port is set. */
    METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    /** Open connections at most; more are closed as they arrive. */
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().positive().default(4_096),
    /**
     * Live streams (tRPC subscriptions) this instance serves at most, and per user or visitor IP.
     * Each open stream holds about 70 KB of heap (tRPC's SSE and web streams): 1,000 of them fit
     * in the start script's 192 MB heap beside the rest. Raise both together.
     */
    LIVE_MAX_STREAMS: z.coerce.number().int().positive().default(1_000),
    LIVE_MAX_STREAMS_PER_USER: z.coerce.number().int().positive().default(8),
    /** How long events are kept for clients to resume from; older cursors are told to refetch. */
    EVENT_RETENTION_HOURS: z.coerce.number().positive().default(24),
    IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().positive().default(24),
    /** How long audit records are kept; the upkeep job deletes older ones once a day. */
    AUDIT_RETENTION_DAYS: z.coerce.number().positive().default(365),
    /** Where people reach the web app, for links in mail; by default this server's own address. */
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * `optional` (the default: the RealWorld suite signs up and writes at once) or `required`: an
     * account whose address is not verified may not publish, comment, favorite, follow or report.
     */
    EMAIL_VERIFICATION: z.enum(["optional", "required"]).default("optional"),
    /** `all` serves requests and runs jobs; `web` only enqueues; `worker` (dist/worker.js) only runs jobs. */
    JOBS_MODE: z.enum(["all", "web", "worker"]).default("all"),
    /** Jobs of one kind one process runs at once. */
    JOBS_CONCURRENCY: z.coerce.number().int().positive().max(100).default(4),
    /** How often an idle worker looks for jobs. */
    JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(200).default(1_000),
    /** Overrides every job's lease: how long a run may hold its job before it counts as dead (tests). */
    JOBS_LEASE_SECONDS: z.coerce.number().int().positive().optional(),
    /** smtp://user:pass@host:587 or smtps://...; without it mail is kept in MAIL_DIR and shown at /dev/mail. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().min(3).default("Conduit <no-reply@conduit.localhost>"),
    /** Refuse an SMTP server whose certificate does not verify; turn off only for a server of your own. */
    SMTP_TLS_REJECT_UNAUTHORIZED: z.stringbool().default(true),
    /** Refuse to send unless the connection upgraded to TLS (STARTTLS). */
    SMTP_REQUIRE_TLS: z.stringbool().default(false),
    /** Each SMTP step (connect, greeting, every reply) fails the attempt after this; the job retries. */
    SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    MAIL_DIR: z.string().min(1).default(defaultMailDir),
    /**
     * 32 random bytes, base64 (`openssl rand -base64 32`): the AES-256-GCM key TOTP secrets are
     * sealed with. Without it in production, two-factor sign-in cannot be turned on; elsewhere a
     * fixed development key is used. To rotate, move the old key to `..._PREVIOUS` and set a new
     * one: secrets are resealed with the new key as they are next used.
     */
    TOTP_ENCRYPTION_KEY: aesKey.optional(),
    TOTP_ENCRYPTION_KEY_PREVIOUS: aesKey.optional(),
    /** Sign-in providers, as a JSON array (see docs/accounts-and-security.md, "Sign in with a provider"); none by default. */
    OIDC_PROVIDERS: providers.default([]),
    /** The passkeys' relying party: its id (a host name) and the web app's origin; by default PUBLIC_URL's. */
    WEBAUTHN_RP_ID: z.string().min(1).max(253).optional(),
    WEBAUTHN_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
    /** On SIGTERM, how long in-flight requests and running jobs get to finish; running jobs are then handed back. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: "custom", path: ["HTTP_HEADERS_TIMEOUT_MS"], message: "must not exceed HTTP_REQUEST_TIMEOUT_MS" });
    }
    if (env.NODE_ENV === "production" && !env.COOKIE_SECRET) {
      ctx.addIssue({ code: "custom", path: ["COOKIE_SECRET"], message: "is required when NODE_ENV=production" });
    }
    try {
      parseDatabaseUrl(env.DATABASE_URL);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: (error as Error).message.replace(/^DATABASE_URL /, "") });
    }
  });

/** The passkeys' relying party: WEBAUTHN_RP_ID and WEBAUTHN_ORIGIN, or PUBLIC_URL's host and origin. */
export function webAuthnOf(config: Pick<Config, "PUBLIC_URL" | "HOST" | "PORT" | "WEBAUTHN_RP_ID" | "WEBAUTHN_ORIGIN">) {
  const publicUrl = new URL(publicUrlOf(config));
  return { rpId: config.WEBAUTHN_RP_ID ?? publicUrl.hostname, origin: config.WEBAUTHN_ORIGIN ?? publicUrl.origin };
}

export type Config = Omit<z.output<typeof schema>, "COOKIE_SECRET"> & { COOKIE_SECRET: string };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validates the environment once, at start-up; the message names every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, COOKIE_SECRET: parsed.data.COOKIE_SECRET ?? developmentSecret };
}

/** The listen addresses that `localhost` reaches, by which such a server names itself. */
function isLocalhostDefault(host: string): boolean {
  return ["127.0.0.1", "::1", "[::1]", "localhost"].includes(host.trim().toLowerCase());
}

/**
 * Where people reach the web app, for links in mail and as the passkeys' relying party:
 * PUBLIC_URL, or this server's own address. A server on 127.0.0.1 or ::1 is named `localhost`:
 * browsers refuse an IP address as a passkey's relying party, and one name for the app keeps its
 * links, cookies, passkeys and provider callbacks in one place (docs/decisions/0002).
 */
export function publicUrlOf(config: Pick<Config, "PUBLIC_URL" | "HOST" | "PORT">): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = isLocalhostDefault(config.HOST) ? "localhost" : config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${config.PORT}/`;
}

/**
 * Without PUBLIC_URL a development server on 127.0.0.1 or ::1 is `localhost`: the origin page
 * loads at another name move to. Never in production, where a proxy in front names the server
 * (its Host is the proxy's choice) and PUBLIC_URL says where people reach it.
 */
export function canonicalOriginOf(config: Pick<Config, "NODE_ENV" | "PUBLIC_URL" | "HOST" | "PORT">): string | undefined {
  if (config.NODE_ENV === "production" || config.PUBLIC_URL || !isLocalhostDefault(config.HOST)) return undefined;
  return new URL(publicUrlOf(config)).origin;
}
