import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC, type RouterOutputs } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { ActionErrors } from "../components/field-errors.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";

type Report = RouterOutputs["reports"]["list"]["reports"][number];

/**
 * For moderators: the open reports, newest first, each resolved by removing the content, banning
 * its author or dismissing it; the newest articles and comments, to remove or ban without a
 * report; and the banned accounts, to unban. Shown to those whose roles grant
 * `resolve:report:any`; every action is checked again by the server.
 */
export function ModerationPage() {
  const { can, isLoading } = useCurrentUser();
  if (isLoading) return <Loading what="the moderation page" />;
  if (!can("resolve:report:any")) return <Empty>Only moderators can see this page.</Empty>;
  return (
    <div className="moderation-page">
      <h1>Moderation</h1>
      <OpenReports />
      <RecentContent />
    </div>
  );
}

/** Refetches everything this page shows, and the pages the change touched, after an action. */
function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.reports.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.moderation.recent.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.articles.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.comments.pathKey() }),
    ]);
}

function OpenReports() {
  const trpc = useTRPC();
  const reports = useQuery(trpc.reports.list.queryOptions({}));
  const resolve = useMutation(trpc.reports.resolve.mutationOptions());
  const refresh = useRefresh();
  const act = (report: Report, action: "remove" | "ban" | "dismiss") =>
    resolve.mutate({ id: report.id, action }, { onSettled: () => void refresh() });
  return (
    <section aria-label="Open reports">
      <h2>Open reports</h2>
      <ActionErrors error={resolve.error} />
      {reports.isLoading ? (
        <Loading what="reports" />
      ) : reports.isError ? (
        <ErrorState error={reports.error} />
      ) : reports.data!.reports.length === 0 ? (
        <Empty>No open reports.</Empty>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>Reported</th>
              <th>Author</th>
              <th>Reason</th>
              <th>By</th>
              <th>Resolve</th>
            </tr>
          </thead>
          <tbody>
            {reports.data!.reports.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.target.type}: {r.content ? <Link to={`/article/${r.content.slug}`}>{r.content.excerpt}</Link> : <em>already gone</em>}
                </td>
                <td>{r.author}</td>
                <td>{r.reason}</td>
                <td>
                  {r.reporter} · <time dateTime={new Date(r.createdAt).toISOString()}>{new Date(r.createdAt).toLocaleString()}</time>
                </td>
                <td>
                  <button type="button" className="btn btn-danger-outline" disabled={resolve.isPending} onClick={() => act(r, "remove")}>
                    Remove
                  </button>{" "}
                  <button type="button" className="btn btn-danger-outline" disabled={resolve.isPending} onClick={() => act(r, "ban")}>
                    Ban {r.author}
                  </button>{" "}
                  <button type="button" className="btn btn-outline" disabled={resolve.isPending} onClick={() => act(r, "dismiss")}>
                    Dismiss
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RecentContent() {
  const trpc = useTRPC();
  const recent = useQuery(trpc.moderation.recent.queryOptions());
  const refresh = useRefresh();
  const options = { onSettled: () => void refresh() };
  const removeArticle = useMutation(trpc.articles.delete.mutationOptions(options));
  const removeComment = useMutation(trpc.comments.delete.mutationOptions(options));
  const ban = useMutation(trpc.moderation.ban.mutationOptions(options));
  const unban = useMutation(trpc.moderation.unban.mutationOptions(options));
  if (recent.isLoading) return <Loading what="recent content" />;
  if (recent.isError) return <ErrorState error={recent.error} />;
  const { articles, comments, banned } = recent.data!;
  const banButton = (username: string) => (
    <button type="button" className="btn btn-outline" onClick={() => ban.mutate({ username })}>
      Ban {username}
    </button>
  );
  return (
    <>
      {[removeArticle, removeComment, ban, unban].map((m, i) => (
        <ActionErrors key={i} error={m.error} />
      ))}
      <section aria-label="Recent comments">
        <h2>Recent comments</h2>
        {comments.length === 0 ? (
          <Empty>No comments yet.</Empty>
        ) : (
          <ul className="comment-list">
            {comments.map((c) => (
              <li key={c.id} className="comment">
                <p>{c.excerpt}</p>
                <footer>
                  {c.author} on <Link to={`/article/${c.slug}`}>{c.slug}</Link> ·{" "}
                  <button
                    type="button"
                    className="btn btn-danger-outline"
                    aria-label={`Remove comment: ${c.excerpt.slice(0, 30)}`}
                    onClick={() => removeComment.mutate({ slug: c.slug, id: c.id })}
                  >
                    Remove
                  </button>{" "}
                  {banButton(c.author)}
                </footer>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Recent articles">
        <h2>Recent articles</h2>
        {articles.length === 0 ? (
          <Empty>No articles yet.</Empty>
        ) : (
          <table className="data-table">
            <tbody>
              {articles.map((a) => (
                <tr key={a.slug}>
                  <td>
                    <Link to={`/article/${a.slug}`}>{a.title}</Link>
                  </td>
                  <td>{a.author}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-danger-outline"
                      aria-label={`Remove article: ${a.title}`}
                      onClick={() => removeArticle.mutate({ slug: a.slug })}
                    >
                      Remove
                    </button>{" "}
                    {banButton(a.author)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Banned accounts">
        <h2>Banned accounts</h2>
        {banned.length === 0 ? (
          <Empty>Nobody is banned.</Empty>
        ) : (
          <ul>
            {banned.map((b) => (
              <li key={b.username}>
                {b.username}, since {new Date(b.bannedAt).toLocaleString()}{" "}
                <button type="button" className="btn btn-outline" onClick={() => unban.mutate({ username: b.username })}>
                  Unban {b.username}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
