export { renderMail, escapeHtml, type RenderedMail, type Block } from "./render.ts";
export { welcomeMail } from "./templates/welcome.ts";
export { enqueueMail } from "./outbox.ts";
export { createMailer, messageIdFor, type Mailer, type MailerSettings, type OutgoingMail, type SentMail } from "./mailer.ts";
export { listMailbox, readMailboxMessage, mailboxListLimit, type MailboxMessage } from "./mailbox.ts";
export { workSendMail } from "./send-mail-job.ts";
