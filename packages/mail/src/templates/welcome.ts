import { renderMail, type RenderedMail } from "../render.ts";

/** Sent when an account is created: it says which address signed up, so a stranger's sign-up is noticed. */
export function welcomeMail({ username, appUrl }: { username: string; appUrl: string }): RenderedMail {
  return renderMail(`Welcome to Conduit, ${username}`, [
    { paragraph: `Hi ${username},` },
    { paragraph: "Your Conduit account is ready. Write your first article, or follow the authors you like to fill your feed." },
    { link: { label: "Open Conduit", href: appUrl } },
    { paragraph: "If you did not sign up, someone used this address: reply to this mail and we will remove the account." },
  ]);
}
