import { createTRPCClient, httpSubscriptionLink, type TRPCClientError } from "@trpc/client";
import { EventSource } from "eventsource";
import type { AppRouter, LiveMessage } from "@conduit/api";

interface LiveEvent {
  /** The event's id, as the server tracks it ("" for none). */
  id: string;
  message: LiveMessage;
}

export interface LiveSubscription {
  events: LiveEvent[];
  /** The error that ended the subscription, if one did. */
  error: TRPCClientError<AppRouter> | null;
  /** How many times the stream (re)connected. */
  readonly connections: number;
  /** Resolves once `accept` holds (checked on every event), or rejects after `ms`. */
  until(accept: (events: LiveEvent[]) => boolean, ms?: number): Promise<LiveEvent[]>;
  /** The messages of one type, in order. */
  of<T extends LiveMessage["type"]>(type: T): Extract<LiveMessage, { type: T }>[];
  close(): void;
}

/**
 * Subscribes to `live.events` the way the web app does (tRPC's httpSubscriptionLink, an
 * EventSource that reconnects by itself and sends back the last id), with a session cookie
 * when given (and any other headers, such as a proxy's X-Forwarded-For). Node has no
 * EventSource: the `eventsource` package is the standard one.
 */
export function subscribeLive(
  base: string,
  input: { article?: string; lastEventId?: string } = {},
  { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {},
): LiveSubscription {
  let connections = 0;
  const client = createTRPCClient<AppRouter>({
    links: [
      httpSubscriptionLink({
        url: `${base}/trpc`,
        EventSource,
        eventSourceOptions: () => ({
          fetch: (url: string | URL, init?: RequestInit) => {
            connections++;
            return fetch(url, {
              ...init,
              headers: { ...(init?.headers as Record<string, string>), ...headers, ...(cookie ? { cookie } : {}) },
            });
          },
        }),
      }),
    ],
  });
  const waiters = new Set<() => void>();
  const subscription: LiveSubscription = {
    events: [],
    error: null,
    get connections() {
      return connections;
    },
    until(accept, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (accept(subscription.events)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(subscription.events);
          } else if (subscription.error) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(subscription.error);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not seen within ${ms} ms; got ${JSON.stringify(subscription.events.map((e) => e.message.type))}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    of: (type) => subscription.events.filter((e) => e.message.type === type).map((e) => e.message) as never,
    close: () => unsubscribe.unsubscribe(),
  };
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const unsubscribe = client.live.events.subscribe(
    { article: input.article, lastEventId: input.lastEventId },
    {
      onData: (value) => {
        subscription.events.push({ id: value.id, message: value.data });
        wake();
      },
      onError: (error) => {
        subscription.error = error;
        wake();
      },
    },
  );
  return subscription;
}

/** Resolves once the stream has said it is open. */
export const untilReady = (s: LiveSubscription) => s.until((events) => events.some((e) => e.message.type === "ready"));

/** Subscriptions a test opens, to close them all after each test. */
export function liveStreams() {
  const open: LiveSubscription[] = [];
  return {
    open(...args: Parameters<typeof subscribeLive>) {
      const subscription = subscribeLive(...args);
      open.push(subscription);
      return subscription;
    },
    closeAll() {
      for (const s of open.splice(0)) s.close();
    },
  };
}
