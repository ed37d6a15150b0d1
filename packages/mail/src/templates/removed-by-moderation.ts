import { renderMail, type RenderedMail } from "../render.ts";

/**
 * Sent to an author when a moderator removes their article or comment, so that a removal is
 * never silent. It quotes what was removed (the author may not have a copy) and says where to ask.
 */
export function removedByModerationMail({
  username,
  what,
  excerpt,
  appUrl,
}: {
  username: string;
  what: "article" | "comment";
  excerpt: string;
  appUrl: string;
}): RenderedMail {
  return renderMail(`Your ${what} was removed by a moderator`, [
    { paragraph: `Hi ${username},` },
    { paragraph: `A moderator removed your ${what} from Conduit:` },
    { paragraph: `“${excerpt}”` },
    { paragraph: "If you think this was a mistake, reply to this mail and a moderator will look at it again." },
    { link: { label: "Open Conduit", href: appUrl } },
  ]);
}
