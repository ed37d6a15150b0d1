export { escapeHtml } from "./render.ts";
export { welcomeMail } from "./templates/welcome.ts";
export { emailCodeMail, passwordResetMail, securityNoticeMail } from "./templates/account.ts";
export { removedByModerationMail } from "./templates/removed-by-moderation.ts";
export { enqueueMail } from "./outbox.ts";
export { createMailer, messageIdFor, type Mailer } from "./mailer.ts";
export { listMailbox, readMailboxMessage, type MailboxMessage } from "./mailbox.ts";
export { workSendMail } from "./send-mail-job.ts";
export { mailJobs, mailUpkeep, type MailJobs } from "./mail-jobs.ts";
