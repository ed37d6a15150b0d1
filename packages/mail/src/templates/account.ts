import { renderMail, type Block, type RenderedMail } from "../render.ts";

/** Where and when something happened to an account, as a notice says it. */
export interface Occasion {
  at: Date;
  ip: string;
  device: string;
}

const occasionLine = ({ at, ip, device }: Occasion) => `When: ${at.toUTCString()}. From: ${device}, address ${ip}.`;

/** The code that proves an address: to the account's own, or to the one it is changing to. */
export function emailCodeMail({ username, code, purpose }: { username: string; code: string; purpose: "verify" | "change" }): RenderedMail {
  return renderMail(`Your Conduit code: ${code}`, [
    { paragraph: `Hi ${username},` },
    {
      paragraph:
        purpose === "verify"
          ? "Enter this code on Conduit to confirm that this address is yours:"
          : "Enter this code on Conduit to make this address your account's new one:",
    },
    { code },
    { paragraph: "It works once, for 15 minutes. If you did not ask for it, ignore this mail: nothing changes without the code." },
  ]);
}

/** The reset link; the token is in its query, read and dropped from the address bar by the page. */
export function passwordResetMail({ username, link }: { username: string; link: string }): RenderedMail {
  return renderMail("Reset your Conduit password", [
    { paragraph: `Hi ${username},` },
    { paragraph: "Someone asked to reset the password of your Conduit account. If it was you, choose a new one here:" },
    { link: { label: "Choose a new password", href: link } },
    { paragraph: "The link works once, for one hour. If you did not ask, ignore this mail: your password stays as it is." },
  ]);
}

type Notice =
  "password changed" | "password reset" | "email changed" | "new sign-in" | "recovery code used" | "second factor off" | "passkey added";

const notices: Record<Notice, { subject: string; what: (detail: string) => string; ifNotYou: string }> = {
  "password changed": {
    subject: "Your Conduit password was changed",
    what: () => "The password of your Conduit account was changed. Your other sessions were signed out.",
    ifNotYou: "If this was not you, reset your password now and end any session you do not know in Settings → Sessions.",
  },
  "password reset": {
    subject: "Your Conduit password was reset",
    what: () => "The password of your Conduit account was reset through a link sent to this address. Every session was signed out.",
    ifNotYou: "If this was not you, someone can read this mailbox: secure it, then reset your password again.",
  },
  "email changed": {
    subject: "Your Conduit email address was changed",
    what: (detail) => `Your Conduit account's address was changed from this one to ${detail}. Mail for the account goes there now.`,
    ifNotYou: "If this was not you, reply to this mail at once: we will help you get the account back.",
  },
  "recovery code used": {
    subject: "A recovery code was used on your Conduit account",
    what: (detail) => `A recovery code was used to sign in to your Conduit account. ${detail}`,
    ifNotYou: "If this was not you, change your password, make new recovery codes, and end that session in Settings → Sessions.",
  },
  "second factor off": {
    subject: "Two-factor sign-in was turned off on your Conduit account",
    what: () => "Signing in to your Conduit account no longer asks for a code from your authenticator app.",
    ifNotYou: "If this was not you, change your password and turn two-factor sign-in on again in Settings → Security.",
  },
  "passkey added": {
    subject: "A passkey was added to your Conduit account",
    what: (detail) => `A passkey named “${detail}” can now sign in to your Conduit account.`,
    ifNotYou: "If this was not you, remove it in Settings → Security and change your password.",
  },
  "new sign-in": {
    subject: "A new sign-in to your Conduit account",
    what: (detail) => `Your Conduit account was signed in from ${detail}, a device it was not used from in the last 90 days.`,
    ifNotYou: "If this was not you, end that session in Settings → Sessions and change your password.",
  },
};

/** A security notice: what happened, when, from where, and what to do if it was not the user. */
export function securityNoticeMail({
  username,
  notice,
  detail = "",
  occasion,
  settingsUrl,
}: {
  username: string;
  notice: Notice;
  detail?: string;
  occasion: Occasion;
  settingsUrl: string;
}): RenderedMail {
  const { subject, what, ifNotYou } = notices[notice];
  const blocks: Block[] = [
    { paragraph: `Hi ${username},` },
    { paragraph: what(detail) },
    { paragraph: occasionLine(occasion) },
    { paragraph: ifNotYou },
    { link: { label: "Open Settings → Sessions", href: settingsUrl } },
  ];
  return renderMail(subject, blocks);
}
