import { z } from "zod";
import { tracked, type TrackedEnvelope } from "@trpc/server";
import type { Db } from "@conduit/db";
import { publicProcedure, router } from "../trpc.ts";
import { slugInput } from "../articles/schemas.ts";
import { articleIdBySlug } from "../articles/find-article.ts";
import { defaultLive, type Live } from "../shared/live-hub.ts";
import { viewEvent, type LiveMessage, type Viewer } from "./live-view.ts";
import { watchSession } from "../shared/session-watch.ts";
import { refuse } from "../shared/field-error.ts";
import { requestErrors } from "../shared/request-errors.ts";

/** Whom a viewer follows, as far as `inYourFeed` and comment authors' `following` need to know. */
const maxFollowingWatched = 5_000;
const page = 100;

const liveInput = z.strictObject({
  /** The article whose page is open: its comments, favorite count, edits and deletion. */
  article: slugInput.shape.slug.optional(),
  /** Sent back by the client when it reconnects (tRPC's `tracked` ids): resume after it. */
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/, "is not an event id")
    .nullish(),
});

interface StreamPlan {
  db: Db;
  live: Live;
  viewer: Viewer;
  /** Who holds the stream, for the per-holder limit. */
  holder: string;
  session: { id: string; userId: number } | null;
  lastEventId: number | null;
  now: () => Date;
  signal: AbortSignal;
}

/**
 * The stream itself. Everything it holds (its place in the limits, its session watch) is taken
 * inside the generator, so that its `finally` always gives it back; a generator that never
 * started runs no `finally`.
 */
async function* liveStream(plan: StreamPlan): AsyncGenerator<TrackedEnvelope<LiveMessage>> {
  const { live, viewer } = plan;
  const release = live.streams.acquire(plan.holder);
  // Retryable on purpose: the client's EventSource reconnects, perhaps to a less busy instance.
  if (release === "instance-full") throw refuse(requestErrors.STREAMS_FULL);
  if (release === "holder-full") throw refuse(requestErrors.STREAMS_PER_USER);
  const watch = plan.session ? watchSession(plan.db, plan.session, { everyMs: live.sessionCheckMs, now: plan.now }) : null;
  const stop = watch ? AbortSignal.any([plan.signal, watch.signal]) : plan.signal;
  try {
    const resumable = plan.lastEventId !== null && (await live.feed.canResume(plan.lastEventId));
    let cursor = resumable ? plan.lastEventId! : await live.feed.latestId();
    // A fresh stream says where it starts, so that a reconnect before any event still resumes
    // from there; a resumed one just goes on (its id is already the client's).
    if (!resumable) yield tracked(String(cursor), plan.lastEventId === null ? { type: "ready" } : { type: "stale" });
    while (!stop.aborted) {
      const events = await live.feed.after(cursor, page);
      for (const event of events) {
        cursor = event.id;
        const message = viewEvent(viewer, event);
        if (message) yield tracked(String(event.id), message);
      }
      // Stryker disable next-line ConditionalExpression: waitAfter returns at once while events past the cursor exist; the test only saves a call
      if (events.length === 0) await live.feed.waitAfter(cursor, stop);
    }
    // Not retryable: the client stops, and signs in again.
    // Stryker disable next-line ConditionalExpression: otherwise the client has gone, and no one reads what ends the stream
    if (watch?.signal.aborted) throw refuse(requestErrors.SESSION_ENDED);
  } finally {
    watch?.stop();
    release();
  }
}

export const liveRouter = router({
  /**
   * One stream per tab with everything its page shows live: new articles (global feed and your
   * feed) and, on an article's page, its comments, favorite count, edits and deletion. Resumable:
   * a reconnect with the last id gets exactly what it missed. The session is checked when the
   * stream opens (so a renewed cookie can still be sent) and the stream ends when it is revoked.
   */
  events: publicProcedure.input(liveInput).subscription(async ({ ctx, input, signal }) => {
    const auth = await ctx.getAuth();
    if (ctx.token && !auth && (await ctx.getPendingAuth())) throw refuse(requestErrors.SECOND_FACTOR_PENDING);
    if (ctx.token && !auth) throw refuse(requestErrors.TOKEN_INVALID);
    const articleId = input.article === undefined ? null : await articleIdBySlug(ctx.db, input.article);
    const userId = auth?.user.id ?? null;
    const following =
      userId === null
        ? []
        : await ctx.db.follow.findMany({
            where: { followerId: userId },
            // Stryker disable next-line ObjectLiteral: every column includes the one read; this only reads less
            select: { followedId: true },
            take: maxFollowingWatched,
          });
    return liveStream({
      db: ctx.db,
      live: ctx.live ?? defaultLive(ctx.db),
      viewer: { userId, articleId, following: new Set(following.map((f) => f.followedId)) },
      holder: userId === null ? `ip:${ctx.ip}` : `user:${userId}`,
      session: auth ? { id: auth.session.id, userId: auth.user.id } : null,
      lastEventId: input.lastEventId ? Number(input.lastEventId) : null,
      now: ctx.now,
      signal: signal ?? new AbortController().signal,
    });
  }),
});
