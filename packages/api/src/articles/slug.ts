import slugify from "slugify";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * `how-to-train-your-dragon-x7k2mq`: readable from the title, unique by a random suffix, and
 * stable: an edit of the title does not move the article (links keep working).
 */
export function slugFor(title: string): string {
  // Stryker disable next-line Regex: slugify collapses runs of dashes, so at most one trails
  const base = slugify(title, { lower: true, strict: true }).slice(0, 80).replace(/-+$/, "") || "article";
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  return `${base}-${encodeBase32LowerCaseNoPadding(bytes)}`;
}
