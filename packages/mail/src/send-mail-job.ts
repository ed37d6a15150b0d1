import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { isUniqueViolation, type Db } from "@conduit/db";
import type { JobQueue } from "@conduit/jobs";
import type { MailJobs } from "./mail-jobs.ts";
import type { Mailer, SentMail } from "./mailer.ts";

/**
 * The outbox's worker: sends each `send-mail` job through the mailer and records the delivery
 * under the message's key. A job run again (its worker died after sending) finds the record and
 * does not send twice; the record and the reply are the job's output.
 */
export function workSendMail(queue: JobQueue<MailJobs>, db: Db, mailer: Mailer, options: { concurrency?: number } = {}): void {
  queue.work(
    "send-mail",
    async (mail) => {
      const delivered = await db.mailDelivery.findUnique({ where: { key: mail.key } });
      if (delivered) return { messageId: delivered.messageId, response: delivered.response, alreadySent: true };
      const sent = await traced(mailer.kind, () => mailer.send(mail));
      try {
        await db.mailDelivery.create({ data: { key: mail.key, messageId: sent.messageId, response: sent.response } });
      } catch (error) {
        // Another run of the same message recorded it first: sent, either way.
        if (!isUniqueViolation(error)) throw error;
      }
      return sent;
    },
    options,
  );
}

/** A span for the send itself, under the job's: where an SMTP server's slowness shows. */
function traced(transport: Mailer["kind"], send: () => Promise<SentMail>): Promise<SentMail> {
  return trace
    .getTracer("@conduit/mail")
    .startActiveSpan(
      transport === "smtp" ? "smtp send" : "mailbox write",
      { kind: SpanKind.CLIENT, attributes: { "conduit.mail.transport": transport } },
      async (span) => {
        try {
          const sent = await send();
          span.setAttribute("conduit.mail.response", sent.response.slice(0, 200));
          return sent;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
}
