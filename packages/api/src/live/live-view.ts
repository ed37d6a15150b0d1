import type { StoredEvent } from "@conduit/db";
import type { Comment } from "../comments/to-comment.ts";
import { liveEventData } from "../shared/event-kinds.ts";

/** What a stream sends: one of these per event the page may show, each with the event's id. */
export type LiveMessage =
  /** A new stream is open (not sent on a resume); its id is where a reconnect resumes. */
  | { type: "ready" }
  /** The events since the client's last id are no longer kept: refetch what the page shows. */
  | { type: "stale" }
  | { type: "article.published"; slug: string; inYourFeed: boolean }
  | { type: "article.updated"; slug: string }
  /** `moderated`: a moderator removed it, not its author. */
  | { type: "article.deleted"; slug: string; moderated: boolean }
  | { type: "article.favorites"; slug: string; favoritesCount: number }
  | { type: "comment.added"; slug: string; comment: Comment }
  | { type: "comment.deleted"; slug: string; commentId: number; moderated: boolean };

export interface Viewer {
  userId: number | null;
  /** Whom the viewer follows; kept current by the viewer's own follow events. */
  following: Set<number>;
  /** The article whose page is open, if any. */
  articleId: number | null;
}

/**
 * What `viewer` is shown of `event`, or null. Article-page events only reach that page's
 * stream; a follow only updates its follower's own stream (who follows whom is not public),
 * and a viewer's own new articles are not news to them.
 */
export function viewEvent(viewer: Viewer, event: StoredEvent): LiveMessage | null {
  const data = liveEventData(event);
  // Stryker disable next-line ConditionalExpression: every event an article page shows carries its article's id; only follows have none, and they never ask
  const onPage = event.articleId !== null && event.articleId === viewer.articleId;
  switch (data.kind) {
    case "user.followed":
    case "user.unfollowed":
      if (event.userId === viewer.userId) {
        if (data.kind === "user.followed") viewer.following.add(data.followedId);
        else viewer.following.delete(data.followedId);
      }
      return null;
    case "article.published":
      if (event.userId === viewer.userId) return null;
      return { type: data.kind, slug: data.slug, inYourFeed: event.userId !== null && viewer.following.has(event.userId) };
    case "article.updated":
      return onPage ? { type: data.kind, slug: data.slug } : null;
    case "article.deleted":
      return onPage ? { type: data.kind, slug: data.slug, moderated: data.moderated === true } : null;
    case "article.favorites":
      return onPage ? { type: data.kind, slug: data.slug, favoritesCount: data.favoritesCount } : null;
    case "comment.added": {
      if (!onPage) return null;
      const { author, ...comment } = data.comment;
      const profile = { username: author.username, bio: author.bio, image: author.image, following: viewer.following.has(author.id) };
      return { type: data.kind, slug: data.slug, comment: { ...comment, author: profile } };
    }
    case "comment.deleted":
      return onPage ? { type: data.kind, slug: data.slug, commentId: data.commentId, moderated: data.moderated === true } : null;
    default:
      return null;
  }
}
