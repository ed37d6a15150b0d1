import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useTRPC, type Profile } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { useOptimisticToggle } from "../lib/use-optimistic-toggle.ts";

export function FollowButton({ profile }: { profile: Profile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { user } = useCurrentUser();
  const follow = useMutation(trpc.profiles.follow.mutationOptions());
  const unfollow = useMutation(trpc.profiles.unfollow.mutationOptions());
  const { shown, toggle, busy, error } = useOptimisticToggle({ on: profile.following, count: 0 }, async (wanted) => {
    const updated = await (wanted ? follow : unfollow).mutateAsync({ username: profile.username });
    queryClient.setQueryData(trpc.profiles.get.queryKey({ username: profile.username }), updated);
    await queryClient.invalidateQueries({ queryKey: trpc.articles.pathKey() });
    return { on: updated.following, count: 0 };
  });
  if (user?.username === profile.username) return null;
  return (
    <span>
      <button
        type="button"
        className={shown.on ? "btn btn-secondary" : "btn btn-outline"}
        aria-pressed={shown.on}
        disabled={busy}
        onClick={() => (user ? void toggle() : void navigate("/login"))}
      >
        {shown.on ? `Unfollow ${profile.username}` : `Follow ${profile.username}`}
      </button>
      {error && (
        <span role="alert" className="inline-error">
          Could not save: {error}
        </span>
      )}
    </span>
  );
}
