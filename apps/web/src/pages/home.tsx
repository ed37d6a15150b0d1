import { useQuery } from "@tanstack/react-query";
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

  const go = (next: Record<string, string | undefined>) =>
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Record<string, string>);

  return (
    <div className="home-page">
      <div className="banner"><h1>conduit</h1><p>A place to share your knowledge.</p></div>
      <div className="layout">
        <main>
          <div className="feed-toggle" role="tablist">
            {user && <button type="button" role="tab" aria-selected={feed === "yours"} onClick={() => go({ feed: "yours" })}>Your Feed</button>}
            <button type="button" role="tab" aria-selected={feed === "global" && !tag} onClick={() => go({})}>Global Feed</button>
            {tag && <button type="button" role="tab" aria-selected>#{tag}</button>}
          </div>
          <ArticleList query={feed === "yours" ? yours : global} page={page} onPage={(p) => go({ tag, feed: feed === "yours" ? "yours" : undefined, page: String(p) })} />
        </main>
        <aside className="sidebar">
          <h2>Tags</h2>
          {tags.isLoading ? <Loading what="tags" /> : tags.isError ? <ErrorState error={tags.error} /> : tags.data!.length === 0 ? <Empty>No tags yet.</Empty> : (
            <ul className="tag-list">
              {tags.data!.slice(0, 30).map((t) => <li key={t}><Link to={`/?tag=${encodeURIComponent(t)}`} className="tag">{t}</Link></li>)}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}
