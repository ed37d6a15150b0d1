import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { useTRPC, type ArticlePreview } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { useOptimisticToggle } from "../lib/use-optimistic-toggle.ts";

export function FavoriteButton({ article, compact = false }: { article: ArticlePreview; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { user } = useCurrentUser();
  const favorite = useMutation(trpc.articles.favorite.mutationOptions());
  const unfavorite = useMutation(trpc.articles.unfavorite.mutationOptions());
  const { shown, toggle, busy, error } = useOptimisticToggle({ on: article.favorited, count: article.favoritesCount }, async (wanted) => {
    const updated = await (wanted ? favorite : unfavorite).mutateAsync({ slug: article.slug });
    queryClient.setQueryData(trpc.articles.get.queryKey({ slug: article.slug }), updated);
    await queryClient.invalidateQueries({ queryKey: trpc.articles.pathKey() });
    return { on: updated.favorited, count: updated.favoritesCount };
  });
  return (
    <span className="favorite">
      <button
        type="button"
        className={shown.on ? "btn btn-primary" : "btn btn-outline"}
        aria-pressed={shown.on}
        disabled={busy}
        onClick={() => (user ? void toggle() : void navigate("/login"))}
      >
        {/* The name is the visible text: "Favorite article (2)", shortened to "♥ 2" in lists. */}
        <span aria-hidden="true">♥ </span>
        <span className={compact ? "visually-hidden" : undefined}>{shown.on ? "Unfavorite" : "Favorite"} article (</span>
        {shown.count}
        <span className={compact ? "visually-hidden" : undefined}>)</span>
      </button>
      {error && (
        <span role="alert" className="inline-error">
          Could not save: {error}
        </span>
      )}
    </span>
  );
}
