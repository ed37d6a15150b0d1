import { createEventFeed, type Db, type EventFeed, type EventFeedOptions } from "@conduit/db";
import { createStreamLimits, type StreamLimits } from "./stream-limits.ts";

export interface LiveOptions extends EventFeedOptions {
  /** Open streams this instance serves at most. */
  maxStreams?: number;
  /** Open streams one user (or one visitor's IP) holds at most: a few tabs. */
  maxStreamsPerUser?: number;
  /** How often an open stream checks that its session still exists, besides revocation signals. */
  sessionCheckMs?: number;
}

/** What the live procedures share on one instance: the event feed and the stream counts. */
export interface Live {
  feed: EventFeed;
  streams: StreamLimits;
  sessionCheckMs: number;
  close(): void;
}

export function createLive(
  db: Db,
  { maxStreams = 1_000, maxStreamsPerUser = 8, sessionCheckMs = 60_000, ...feedOptions }: LiveOptions = {},
): Live {
  const feed = createEventFeed(db, feedOptions);
  return { feed, streams: createStreamLimits({ maxStreams, maxStreamsPerUser }), sessionCheckMs, close: () => feed.close() };
}

const byDb = new WeakMap<Db, Live>();

/** The defaults, one per database, for callers that did not make their own (tests, scripts). */
export function defaultLive(db: Db): Live {
  let live = byDb.get(db);
  if (!live) byDb.set(db, (live = createLive(db)));
  return live;
}
