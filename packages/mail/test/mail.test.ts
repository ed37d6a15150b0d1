import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMailer, listMailbox, messageIdFor, readMailboxMessage, welcomeMail } from "../src/index.ts";
import { smtpTarget } from "../src/mailer.ts";

describe("a rendered mail", () => {
  it("has a text part and an HTML part saying the same", () => {
    const mail = welcomeMail({ username: "jake", appUrl: "http://127.0.0.1:3000/" });
    expect(mail.subject).toBe("Welcome to Conduit, jake");
    expect(mail.text).toContain("Hi jake,");
    expect(mail.text).toContain("Open Conduit: http://127.0.0.1:3000/");
    expect(mail.html).toContain('<p style="margin:0 0 16px">Hi jake,</p>');
    expect(mail.html).toContain('<a href="http://127.0.0.1:3000/">Open Conduit</a>');
  });

  it("never turns what a user typed into markup", () => {
    const mail = welcomeMail({ username: `<img src=x onerror="alert(1)">`, appUrl: "http://127.0.0.1:3000/" });
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.text).toContain(`<img src=x onerror="alert(1)">`);
  });
});

describe("the local mailbox (no SMTP_URL)", () => {
  it("keeps each sent mail as a message /dev/mail can list, newest first", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "conduit-mailbox-"));
    const mailer = createMailer({ from: "Conduit <no-reply@conduit.localhost>", mailboxDir: dir });
    expect(mailer.kind).toBe("mailbox");
    const first = await mailer.send({ key: "welcome:1", to: "a@example.com", ...welcomeMail({ username: "a", appUrl: "http://x/" }) });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await mailer.send({ key: "welcome:2", to: "b@example.com", ...welcomeMail({ username: "b", appUrl: "http://x/" }) });
    expect(first.messageId).toBe(messageIdFor("welcome:1", "Conduit <no-reply@conduit.localhost>"));
    const list = await listMailbox(dir);
    expect(list.map((m) => [m.to, m.subject])).toEqual([
      ["b@example.com", "Welcome to Conduit, b"],
      ["a@example.com", "Welcome to Conduit, a"],
    ]);
    expect(await readMailboxMessage(dir, list[1]!.id)).toMatchObject({ key: "welcome:1", from: "Conduit <no-reply@conduit.localhost>" });
  });

  it("reads only its own files: a path in the id, or a file it did not write, is not a message", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "conduit-mailbox-"));
    writeFileSync(path.join(dir, "notes.json"), "{}");
    expect(await readMailboxMessage(dir, "../../etc/passwd")).toBeNull();
    expect(await readMailboxMessage(dir, "notes")).toBeNull();
    expect(await listMailbox(dir)).toEqual([]);
    expect(await listMailbox(path.join(dir, "missing"))).toEqual([]);
  });
});

describe("SMTP settings", () => {
  it("read host, port, TLS and login from SMTP_URL", () => {
    expect(smtpTarget("smtp://mailer:s%40cret@mail.example.com:2525")).toEqual({
      host: "mail.example.com",
      port: 2525,
      secure: false,
      auth: { user: "mailer", pass: "s@cret" },
    });
    expect(smtpTarget("smtps://mail.example.com")).toEqual({ host: "mail.example.com", port: 465, secure: true });
    expect(smtpTarget("smtp://mail.example.com")).toMatchObject({ port: 587, secure: false });
    expect(() => smtpTarget("http://mail.example.com")).toThrow(/must start with smtp:\/\/ or smtps:\/\//);
  });

  it("give each outbox key one stable Message-ID on the sender's domain", () => {
    const id = messageIdFor("welcome:42", "Conduit <no-reply@example.com>");
    expect(id).toMatch(/^<[0-9a-f]{32}@example\.com>$/);
    expect(messageIdFor("welcome:42", "Conduit <no-reply@example.com>")).toBe(id);
    expect(messageIdFor("welcome:43", "Conduit <no-reply@example.com>")).not.toBe(id);
  });
});
