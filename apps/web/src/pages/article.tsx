import { lazy, Suspense, useDeferredValue, useEffect, useState } from "react";
import { useLiveEvents } from "../lib/use-live-events.ts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { useTRPC, type Article } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { FavoriteButton } from "../components/favorite-button.tsx";
import { FollowButton } from "../components/follow-button.tsx";
import { ActionErrors, FieldMessages } from "../components/field-errors.tsx";
import { ReportButton } from "../components/report-button.tsx";
import { useInputCheck } from "../lib/use-input-check.ts";
import { Empty, ErrorState, Loading } from "../components/states.tsx";

// The Markdown renderer is most of this page's code: the title, author and comments show
// without waiting for it (the body shows as plain text until it is there).
const loadMarkdown = () => import("../components/markdown.tsx");
const Markdown = lazy(() => loadMarkdown().then((m) => ({ default: m.Markdown })));

export function ArticlePage() {
  const { slug = "" } = useParams();
  const trpc = useTRPC();
  const { user } = useCurrentUser();
  const article = useQuery(trpc.articles.get.queryOptions({ slug }));
  // Observed here too (the same query, shared with Comments), so that the comments come in the
  // same request as the article; usePrefetchQuery sends them in a request of their own.
  useQuery(trpc.comments.list.queryOptions({ slug }));
  // Fetched beside the data, once the page's queries are on their way.
  useEffect(() => void loadMarkdown(), []);
  const { deleted, notices } = useLiveArticle(slug, user?.username);
  // Rendered as a transition, in slices between frames (see ArticleList); never the article
  // this page showed before a link led to another.
  const deferred = useDeferredValue(article.data);
  const data = deferred?.slug === slug ? deferred : undefined;
  if (deleted)
    return (
      <Empty>{deleted === "moderation" ? "This article was removed by a moderator." : "This article was deleted by its author."}</Empty>
    );
  if (article.isError) return <ErrorState error={article.error} retry={() => void article.refetch()} />;
  if (!data) return <Loading what="the article" />;
  const mine = user?.username === data.author.username;
  return (
    <div className="article-page">
      <div className="banner">
        <h1>{data.title}</h1>
        <ArticleMeta article={data} mine={mine} />
      </div>
      <Suspense fallback={<div className="markdown">{data.body}</div>}>
        <Markdown source={data.body} />
      </Suspense>
      <ul className="tag-list">
        {data.tagList.map((t) => (
          <li key={t} className="tag">
            {t}
          </li>
        ))}
      </ul>
      <hr />
      {notices.map((notice) => (
        <p key={notice} className="notice" role="status">
          {notice}
        </p>
      ))}
      <Comments slug={slug} />
    </div>
  );
}

/**
 * Keeps the open article current as others act on it: comments appear and disappear, the
 * favorite count moves, an edit is refetched. `deleted` says who deleted the article, once it is
 * gone; `notices` tell the reader that a moderator removed one of their comments.
 */
function useLiveArticle(slug: string, reader: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [deleted, setDeleted] = useState<"author" | "moderation" | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const commentsKey = trpc.comments.list.queryKey({ slug });
  const articleKey = trpc.articles.get.queryKey({ slug });
  useLiveEvents({ article: slug }, (message) => {
    switch (message.type) {
      case "comment.added":
        return queryClient.setQueryData(commentsKey, (old) =>
          old && !old.some((c) => c.id === message.comment.id) ? [...old, message.comment] : old,
        );
      case "comment.deleted": {
        const removed = queryClient.getQueryData(commentsKey)?.find((c) => c.id === message.commentId);
        if (message.moderated && removed && removed.author.username === reader)
          setNotices((shown) => [...shown, `A moderator removed your comment “${removed.body.slice(0, 60)}”.`]);
        return queryClient.setQueryData(commentsKey, (old) => old?.filter((c) => c.id !== message.commentId));
      }
      case "article.favorites":
        return queryClient.setQueryData(articleKey, (old) => old && { ...old, favoritesCount: message.favoritesCount });
      case "article.updated":
        return void queryClient.invalidateQueries({ queryKey: articleKey });
      case "article.deleted":
        return setDeleted(message.moderated ? "moderation" : "author");
      case "stale":
        return void queryClient
          .invalidateQueries({ queryKey: commentsKey })
          .then(() => queryClient.invalidateQueries({ queryKey: articleKey }));
    }
  });
  return { deleted, notices };
}

function ArticleMeta({ article, mine }: { article: Article; mine: boolean }) {
  const trpc = useTRPC();
  const { user, can } = useCurrentUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation(trpc.articles.delete.mutationOptions());
  const deleteArticle = async () => {
    try {
      await remove.mutateAsync({ slug: article.slug });
    } catch {
      return; // shown from remove.error
    }
    queryClient.removeQueries({ queryKey: trpc.articles.get.queryKey({ slug: article.slug }) });
    await queryClient.invalidateQueries({ queryKey: trpc.articles.list.pathKey() });
    await navigate("/");
  };
  return (
    <div className="article-meta">
      <Link to={`/profile/${article.author.username}`} className="author">
        {article.author.username}
      </Link>
      <time dateTime={article.createdAt}>{new Date(article.createdAt).toDateString()}</time>
      {mine ? (
        <>
          <Link to={`/editor/${article.slug}`} className="btn btn-outline">
            Edit Article
          </Link>
          <button type="button" className="btn btn-danger-outline" onClick={() => void deleteArticle()} disabled={remove.isPending}>
            Delete Article
          </button>
          <ActionErrors error={remove.error} />
        </>
      ) : (
        <>
          <FollowButton profile={article.author} />
          <FavoriteButton article={article} />
          {can("delete:article:any") && (
            <button type="button" className="btn btn-danger-outline" onClick={() => void deleteArticle()} disabled={remove.isPending}>
              Remove Article
            </button>
          )}
          {user && <ReportButton target={{ article: article.slug }} what="this article" />}
          <ActionErrors error={remove.error} />
        </>
      )}
    </div>
  );
}

function Comments({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user, can } = useCurrentUser();
  const comments = useQuery(trpc.comments.list.queryOptions({ slug }));
  const [body, setBody] = useState("");
  const add = useMutation(trpc.comments.add.mutationOptions());
  const remove = useMutation(trpc.comments.delete.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.comments.list.queryKey({ slug }) });
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(add.error);
  const post = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.addCommentInput, { slug, body }))) return;
    try {
      await add.mutateAsync({ slug, body });
    } catch {
      return; // shown from add.error
    }
    setBody("");
    await refresh();
  };

  return (
    <section className="comments" aria-label="Comments">
      {user ? (
        <form onFocus={check.prepare} onSubmit={(e) => void post(e)}>
          <label htmlFor="comment">Write a comment</label>
          <textarea id="comment" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          <FieldMessages errors={errors} field="body" />
          <FieldMessages errors={errors} field="form" />
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            Post Comment
          </button>
        </form>
      ) : (
        <p>
          <Link to="/login">Sign in</Link> or <Link to="/register">sign up</Link> to add comments on this article.
        </p>
      )}
      {comments.isLoading ? (
        <Loading what="comments" />
      ) : comments.isError ? (
        <ErrorState error={comments.error} />
      ) : comments.data!.length === 0 ? (
        <Empty>No comments yet.</Empty>
      ) : (
        <ul className="comment-list">
          {comments.data!.map((c) => (
            <li key={c.id} className="comment">
              <p>{c.body}</p>
              <footer>
                <Link to={`/profile/${c.author.username}`}>{c.author.username}</Link> ·{" "}
                <time dateTime={c.createdAt}>{new Date(c.createdAt).toDateString()}</time>
                {(user?.username === c.author.username || can("delete:comment:any")) && (
                  <button
                    type="button"
                    className="btn btn-link"
                    aria-label={`Delete comment: ${c.body.slice(0, 30)}`}
                    onClick={() => remove.mutate({ slug, id: c.id }, { onSuccess: () => void refresh() })}
                  >
                    Delete
                  </button>
                )}
                {user && user.username !== c.author.username && (
                  <ReportButton target={{ comment: { slug, id: c.id } }} what={`comment: ${c.body.slice(0, 30)}`} />
                )}
              </footer>
            </li>
          ))}
        </ul>
      )}
      <ActionErrors error={remove.error} />
    </section>
  );
}
