import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import { writeMailbox } from "./mailbox.ts";

export interface MailerSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://...:465; none: the local mailbox. */
  smtpUrl?: string;
  /** The From header: `Conduit <no-reply@example.com>`. */
  from: string;
  /** Refuse an SMTP server whose certificate does not verify (default true). */
  tlsRejectUnauthorized?: boolean;
  /** Refuse to send over a connection that did not upgrade to TLS. */
  requireTls?: boolean;
  /** How long to wait for the server's greeting and for each reply before the attempt fails. */
  timeoutMs?: number;
  /** Where mail goes without SMTP. */
  mailboxDir: string;
}

interface OutgoingMail {
  key: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SentMail {
  messageId: string;
  /** The SMTP server's reply, which carries its own id for the message ("250 Ok: queued as ..."). */
  response: string;
}

export interface Mailer {
  readonly kind: "smtp" | "mailbox";
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

const defaultTimeoutMs = 30_000;

/**
 * A stable Message-ID per outbox key: should a message be sent twice after all (its worker died
 * between the server's reply and the record of it), receiving servers and clients can tell the
 * copies are one message.
 */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "conduit.localhost";
  return `<${createHash("sha256").update(key).digest("hex").slice(0, 32)}@${domain}>`;
}

/** nodemailer over SMTP when `smtpUrl` is set; otherwise a mailbox of JSON files that /dev/mail shows. */
export function createMailer(settings: MailerSettings): Mailer {
  const { smtpUrl, from } = settings;
  if (!smtpUrl) {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    return {
      kind: "mailbox",
      async send(mail) {
        const messageId = messageIdFor(mail.key, from);
        const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId });
        await writeMailbox(settings.mailboxDir, {
          key: mail.key,
          messageId,
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        });
        return { messageId: info.messageId, response: "kept in the local mailbox" };
      },
      close: () => transport.close(),
    };
  }
  const timeout = settings.timeoutMs ?? defaultTimeoutMs;
  const transport = nodemailer.createTransport({
    ...smtpTarget(smtpUrl),
    requireTLS: settings.requireTls ?? false,
    tls: { rejectUnauthorized: settings.tlsRejectUnauthorized ?? true },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    kind: "smtp",
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(mail.key, from),
      });
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transport.close(),
  };
}

/** smtp://user:pass@host:587 -> nodemailer's host, port, TLS from the start (smtps) and login. */
export function smtpTarget(smtpUrl: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const url = new URL(smtpUrl);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  const secure = url.protocol === "smtps:";
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  return { host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587, secure, ...(auth ? { auth } : {}) };
}
