import type { FastifyPluginAsync } from "fastify";
import { escapeHtml, listMailbox, readMailboxMessage, type MailboxMessage } from "@conduit/mail";
import { errorBody } from "../http/errors.ts";

// The list and message pages: no scripts at all, and framed mail may show only itself.
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
const mailPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:24px auto;max-width:920px;padding:0 16px;color:#333}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #ddd}
pre{white-space:pre-wrap;background:#f6f6f6;padding:12px}iframe{width:100%;height:480px;border:1px solid #ddd}
.note{color:#777}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>
`;

function listPage(messages: MailboxMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${escapeHtml(new Date(m.date).toISOString().replace("T", " ").slice(0, 19))}</td><td>${escapeHtml(m.to)}</td>` +
        `<td><a href="/dev/mail/${encodeURIComponent(m.id)}">${escapeHtml(m.subject)}</a></td></tr>`,
    )
    .join("\n");
  return layout(
    "Mailbox",
    `<p class="note">Mail this server would have sent. It is kept here, not sent, because SMTP_URL is not set; this page exists only while the server listens on a loopback address.</p>` +
      (messages.length
        ? `<table><thead><tr><th>Sent</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`
        : `<p>No mail yet. Sign up in the app and the welcome mail appears here.</p>`),
  );
}

function messagePage(m: MailboxMessage): string {
  return layout(
    m.subject,
    `<p><a href="/dev/mail">All mail</a></p>
<table><tbody><tr><th>From</th><td>${escapeHtml(m.from)}</td></tr><tr><th>To</th><td>${escapeHtml(m.to)}</td></tr>
<tr><th>Date</th><td>${escapeHtml(m.date)}</td></tr><tr><th>Message-ID</th><td>${escapeHtml(m.messageId)}</td></tr></tbody></table>
<h2>HTML</h2><iframe title="HTML part" sandbox src="/dev/mail/${encodeURIComponent(m.id)}/html"></iframe>
<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>`,
  );
}

/**
 * `/dev/mail`: the local mailbox, for following a sign-up without a mail server. It shows other
 * people's mail, so server.ts registers it only while no SMTP_URL is set and the server listens
 * on a loopback address. A mail's HTML part is served on its own, sandboxed, with no scripts.
 */
export const devMailPlugin: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  const html = (policy: string) => ({
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": policy,
    "cache-control": "no-store",
  });
  app.get("/dev/mail", async (_req, reply) => reply.headers(html(pagePolicy)).send(listPage(await listMailbox(dir))));
  app.get<{ Params: { id: string } }>("/dev/mail/:id", async (req, reply) => {
    const message = await readMailboxMessage(dir, req.params.id);
    if (!message) return reply.code(404).send(errorBody("mail", "not found"));
    return reply.headers(html(pagePolicy)).send(messagePage(message));
  });
  app.get<{ Params: { id: string } }>("/dev/mail/:id/html", async (req, reply) => {
    const message = await readMailboxMessage(dir, req.params.id);
    if (!message) return reply.code(404).send(errorBody("mail", "not found"));
    return reply.headers(html(mailPolicy)).send(message.html);
  });
};
