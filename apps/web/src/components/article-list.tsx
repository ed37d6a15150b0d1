import { useDeferredValue } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { RouterOutputs } from "@conduit/api";
import { ArticlePreview } from "./article-preview.tsx";
import { Empty, ErrorState, Loading } from "./states.tsx";

export const pageSize = 10;

type Page = RouterOutputs["articles"]["list"];

export function ArticleList({
  query,
  page,
  onPage,
}: {
  query: UseQueryResult<Page, unknown>;
  page: number;
  onPage: (page: number) => void;
}) {
  // A page of previews is the biggest render of the app. Deferred, React renders it in slices
  // between frames (a transition) instead of one long task the moment the data arrives, which
  // the query's store update would otherwise force.
  const data = useDeferredValue(query.data);
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  if (!data) return <Loading what="articles" />;
  if (data.articles.length === 0) return <Empty>No articles are here... yet.</Empty>;
  const pages = Math.ceil(data.articlesCount / pageSize);
  return (
    <>
      {data.articles.map((article) => (
        <ArticlePreview key={article.slug} article={article} />
      ))}
      {pages > 1 && (
        <nav aria-label="Pages">
          <ul className="pagination">
            {Array.from({ length: Math.min(pages, 20) }, (_, i) => (
              <li key={i}>
                <button
                  type="button"
                  className={i === page ? "page active" : "page"}
                  aria-current={i === page ? "page" : undefined}
                  onClick={() => onPage(i)}
                >
                  {i + 1}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </>
  );
}
