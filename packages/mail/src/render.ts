/** A mail as it is written: both parts, so every client shows something readable. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** A paragraph, a link or a code, each in both parts. */
export type Block = { paragraph: string } | { link: { label: string; href: string } } | { code: string };

/**
 * Writes a mail from blocks: the text part is the blocks one per paragraph; the HTML part is the
 * same blocks, escaped, in a plain layout with inline styles (mail clients drop style sheets).
 * Nothing a user typed can become markup, because every value goes through escapeHtml.
 */
export function renderMail(subject: string, blocks: Block[]): RenderedMail {
  const text = blocks
    .map((block) => ("paragraph" in block ? block.paragraph : "link" in block ? `${block.link.label}: ${block.link.href}` : block.code))
    .join("\n\n");
  const body = blocks
    .map((block) => {
      if ("paragraph" in block) return `<p style="margin:0 0 16px">${escapeHtml(block.paragraph)}</p>`;
      if ("link" in block)
        return `<p style="margin:0 0 16px"><a href="${escapeHtml(block.link.href)}">${escapeHtml(block.link.label)}</a></p>`;
      return `<p style="margin:0 0 16px;font:600 24px/1.2 monospace;letter-spacing:4px">${escapeHtml(block.code)}</p>`;
    })
    .join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;font:16px/1.5 system-ui,sans-serif;color:#333">
<div style="max-width:560px;margin:0 auto">
<p style="margin:0 0 24px;font-weight:700;color:#5cb85c">conduit</p>
${body}
</div>
</body></html>
`;
  return { subject, text: `${text}\n`, html };
}
