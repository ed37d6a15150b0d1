import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "../trpc.ts";
import type { LiveMessage } from "@conduit/api";

/**
 * The page's one live stream (`live.events`), handing each message to `onMessage`. The link
 * reconnects by itself and resumes from the last event it saw, so nothing is missed or repeated;
 * when the server can no longer resume, the message is `stale` and the page refetches.
 * `useSubscription` calls the latest `onData` without reopening the stream on each render.
 */
export function useLiveEvents(input: { article?: string }, onMessage: (message: LiveMessage) => void) {
  const trpc = useTRPC();
  useSubscription(trpc.live.events.subscriptionOptions(input, { onData: (event) => onMessage(event.data) }));
}
