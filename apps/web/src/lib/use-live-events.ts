import { useSubscription } from "@trpc/tanstack-react-query";
import { useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useNavigate } from "react-router";
import { useTRPC } from "../trpc.ts";
import type { LiveMessage } from "@conduit/api";

/**
 * The page's one live stream (`live.events`), handing each message to `onMessage`. The link
 * reconnects by itself and resumes from the last event it saw, so nothing is missed or repeated;
 * when the server can no longer resume, the message is `stale` and the page refetches.
 * `useSubscription` calls the latest `onData` without reopening the stream on each render.
 *
 * The server ends the stream with UNAUTHORIZED when its session ends elsewhere (log out
 * everywhere, a new password, a ban): the tab then forgets the user and goes to the sign-in page,
 * rather than showing a signed-in page whose every action would fail.
 */
export function useLiveEvents(input: { article?: string }, onMessage: (message: LiveMessage) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  useSubscription(
    trpc.live.events.subscriptionOptions(input, {
      onData: (event) => onMessage(event.data),
      onError: (error) => {
        if (!(error instanceof TRPCClientError) || (error.data as { code?: string } | undefined)?.code !== "UNAUTHORIZED") return;
        queryClient.setQueryData(trpc.users.whoami.queryKey(), null);
        void queryClient.invalidateQueries();
        void navigate("/login", { state: { sessionEnded: true } });
      },
    }),
  );
}
