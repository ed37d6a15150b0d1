import type { NewEvent } from "@conduit/db";

/**
 * What each change writes to the event log, beside the change and in its transaction. Each event
 * carries what a watcher needs to show it without another query; nothing in it is private, but
 * a follow is delivered to the follower only (see live-view.ts).
 */

export interface CommentSnapshot {
  id: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  author: { id: number; username: string; bio: string | null; image: string | null };
}

export type LiveEventData =
  | { kind: "article.published"; slug: string }
  | { kind: "article.updated"; slug: string }
  /** `moderated`: removed by someone else's `:any` permission, not by its author. */
  | { kind: "article.deleted"; slug: string; moderated?: boolean }
  | { kind: "article.favorites"; slug: string; favoritesCount: number }
  | { kind: "comment.added"; slug: string; comment: CommentSnapshot }
  | { kind: "comment.deleted"; slug: string; commentId: number; moderated?: boolean }
  | { kind: "user.followed"; followedId: number }
  | { kind: "user.unfollowed"; followedId: number };

type Article = { id: number; slug: string; authorId: number };

function event(data: LiveEventData, articleId: number | null, userId: number): NewEvent {
  const { kind, ...rest } = data;
  return { kind, articleId, userId, data: rest };
}

export const liveEvents = {
  published: (a: Article) => event({ kind: "article.published", slug: a.slug }, a.id, a.authorId),
  updated: (a: Article) => event({ kind: "article.updated", slug: a.slug }, a.id, a.authorId),
  deleted: (a: Article, moderated: boolean) => event({ kind: "article.deleted", slug: a.slug, moderated }, a.id, a.authorId),
  favorites: (a: { id: number; slug: string }, userId: number, favoritesCount: number) =>
    event({ kind: "article.favorites", slug: a.slug, favoritesCount }, a.id, userId),
  commentAdded: (a: { id: number; slug: string }, comment: CommentSnapshot) =>
    event({ kind: "comment.added", slug: a.slug, comment }, a.id, comment.author.id),
  commentDeleted: (a: { id: number; slug: string }, userId: number, commentId: number, moderated: boolean) =>
    event({ kind: "comment.deleted", slug: a.slug, commentId, moderated }, a.id, userId),
  followed: (followerId: number, followedId: number) => event({ kind: "user.followed", followedId }, null, followerId),
  unfollowed: (followerId: number, followedId: number) => event({ kind: "user.unfollowed", followedId }, null, followerId),
};

/** A stored event back in its typed form. */
export function liveEventData(stored: { kind: string; data: unknown }): LiveEventData {
  return { ...(stored.data as object), kind: stored.kind } as LiveEventData;
}
