import { useDeferredValue, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLiveEvents } from "../lib/use-live-events.ts";
import { Link, useSearchParams } from "react-router";
import { useTRPC } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { ArticleList, pageSize } from "../components/article-list.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";

export function HomePage() {
  const trpc = useTRPC();
  const { user } = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const tag = params.get("tag") ?? undefined;
  const feed = params.get("feed") === "yours" && user ? "yours" : "global";
  const page = Number(params.get("page") ?? 0) || 0;
  const paging = { limit: pageSize, offset: page * pageSize };

  const global = useQuery({ ...trpc.articles.list.queryOptions({ ...paging, tag }), enabled: feed === "global" });
  const yours = useQuery({ ...trpc.articles.feed.queryOptions(paging), enabled: feed === "yours" });
  const tags = useQuery(trpc.tags.list.queryOptions());
  const tagList = useDeferredValue(tags.data); // thirty links: rendered as a transition, like the list
  const fresh = useNewArticles();
  const unseen = tag ? 0 : feed === "yours" ? fresh.feed : fresh.global;

  const go = (next: Record<string, string | undefined>) =>
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Record<string, string>);

  return (
    <div className="home-page">
      <div className="banner">
        <h1>conduit</h1>
        <p>A place to share your knowledge.</p>
      </div>
      <div className="layout">
        <section aria-label="Articles">
          <div className="feed-toggle" role="tablist">
            {user && (
              <button type="button" role="tab" aria-selected={feed === "yours"} onClick={() => go({ feed: "yours" })}>
                Your Feed
              </button>
            )}
            <button type="button" role="tab" aria-selected={feed === "global" && !tag} onClick={() => go({})}>
              Global Feed
            </button>
            {tag && (
              <button type="button" role="tab" aria-selected>
                #{tag}
              </button>
            )}
          </div>
          {unseen > 0 && (
            // Fixed, over the page: a notice that pushed the list down would shift the layout.
            <button
              type="button"
              className="new-articles"
              onClick={() => void fresh.show(page === 0 ? undefined : () => go({ tag, feed: feed === "yours" ? "yours" : undefined }))}
            >
              {unseen === 1 ? "1 new article" : `${unseen} new articles`} · show
            </button>
          )}
          <ArticleList
            query={feed === "yours" ? yours : global}
            page={page}
            onPage={(p) => go({ tag, feed: feed === "yours" ? "yours" : undefined, page: String(p) })}
          />
        </section>
        <aside className="sidebar">
          <h2>Tags</h2>
          {tags.isError ? (
            <ErrorState error={tags.error} />
          ) : !tagList ? (
            <Loading what="tags" />
          ) : tagList.length === 0 ? (
            <Empty>No tags yet.</Empty>
          ) : (
            <ul className="tag-list">
              {tagList.slice(0, 30).map((t) => (
                <li key={t}>
                  <Link to={`/?tag=${encodeURIComponent(t)}`} className="tag">
                    {t}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}

/** Articles published since the lists were loaded, counted for the global feed and your feed. */
function useNewArticles() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [counts, setCounts] = useState({ global: 0, feed: 0 });
  useLiveEvents({}, (message) => {
    if (message.type === "article.published") setCounts((c) => ({ global: c.global + 1, feed: c.feed + (message.inYourFeed ? 1 : 0) }));
    if (message.type === "stale") void queryClient.invalidateQueries({ queryKey: trpc.articles.pathKey() });
  });
  return {
    ...counts,
    async show(toFirstPage?: () => void) {
      setCounts({ global: 0, feed: 0 });
      toFirstPage?.();
      await queryClient.invalidateQueries({ queryKey: trpc.articles.pathKey() });
      window.scrollTo({ top: 0 });
    },
  };
}
