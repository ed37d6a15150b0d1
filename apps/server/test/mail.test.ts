import { afterAll, describe, expect, it } from "vitest";
import { testProviders, waitFor } from "@conduit/db/testing";
import { startSmtpServer } from "@conduit/testkit";
import { useServer } from "./harness.ts";

const providers = await testProviders();
// A real SMTP server per database, so that each suite counts only its own mail.
const smtpServers = new Map(await Promise.all(providers.map(async (provider) => [provider, await startSmtpServer()] as const)));
afterAll(() => Promise.all([...smtpServers.values()].map((smtp) => smtp.close())));

function signUp(app: ReturnType<typeof useServer>["app"], name: string) {
  return app.inject({
    method: "POST",
    url: "/api/users",
    payload: { user: { username: name, email: `${name}@example.test`, password: "password123" } },
  });
}

describe.each(providers)("mail through SMTP on %s", (provider) => {
  const smtp = smtpServers.get(provider)!;
  const server = useServer(provider, {
    jobs: true,
    metrics: true,
    env: { SMTP_URL: smtp.url, MAIL_FROM: "Conduit <no-reply@conduit.test>" },
  });
  /** The mail to `address` whose subject starts so: the welcome mail unless told (a sign-up also sends a code). */
  const mailsTo = (address: string, subject = "Welcome to Conduit") =>
    smtp.received.filter(
      (m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address && (m.subject ?? "").startsWith(subject),
    );

  it("sends a new account a welcome mail over a real SMTP conversation, with a text and an HTML part, once", async () => {
    expect((await signUp(server.app, "welcomed")).statusCode).toBe(201);
    const [mail] = await waitFor(() => mailsTo("welcomed@example.test").length > 0 && mailsTo("welcomed@example.test"));
    expect(mail!.subject).toBe("Welcome to Conduit, welcomed");
    expect(mail!.from?.value).toEqual([{ name: "Conduit", address: "no-reply@conduit.test" }]);
    expect(mail!.text).toContain("Hi welcomed,");
    expect(mail!.html).toContain('<p style="margin:0 0 16px">Hi welcomed,</p>');
    expect(mail!.messageId).toMatch(/^<[0-9a-f]{32}@conduit\.test>$/);
    // The job recorded the server's reply, which carries the server's own id for the message.
    const user = await server.db.user.findUniqueOrThrow({ where: { username: "welcomed" } });
    const delivery = await waitFor(() =>
      server.db.mailDelivery.findUnique({ where: { key: `welcome:${user.id}` } }).then((d) => d ?? undefined),
    );
    expect(delivery).toMatchObject({ messageId: mail!.messageId, response: expect.stringMatching(/^250 Ok: queued as TEST\d+$/) });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mailsTo("welcomed@example.test")).toHaveLength(1);
  });

  it("sends nothing for a sign-up that was refused", async () => {
    expect((await signUp(server.app, "taken")).statusCode).toBe(201);
    const again = await server.app.inject({
      method: "POST",
      url: "/api/users",
      payload: { user: { username: "taken", email: "someone-else@example.test", password: "password123" } },
    });
    expect(again.statusCode).toBe(409);
    await waitFor(() => mailsTo("taken@example.test").length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mailsTo("someone-else@example.test")).toHaveLength(0);
  });

  it("tells an author when a moderator removes their comment or article, quoting it; an author's own deletion sends nothing", async () => {
    const tokenOf = async (name: string) => ((await signUp(server.app, name)).json() as { user: { token: string } }).user.token;
    const [author, moderator] = [await tokenOf("moderated"), await tokenOf("themoderator")];
    const moderatorRole = await server.db.role.findUniqueOrThrow({ where: { name: "moderator" } });
    const moderatorUser = await server.db.user.findUniqueOrThrow({ where: { username: "themoderator" } });
    await server.db.userRole.create({ data: { userId: moderatorUser.id, roleId: moderatorRole.id } });
    const as = (token: string) => ({ authorization: `Token ${token}` });
    const created = await server.app.inject({
      method: "POST",
      url: "/api/articles",
      headers: as(author),
      payload: { article: { title: "Buy cheap watches", description: "d", body: "b" } },
    });
    const slug = (created.json() as { article: { slug: string } }).article.slug;
    const comment = async (body: string) =>
      (
        (
          await server.app.inject({
            method: "POST",
            url: `/api/articles/${slug}/comments`,
            headers: as(author),
            payload: { comment: { body } },
          })
        ).json() as { comment: { id: number } }
      ).comment.id;
    const [spam, own] = [await comment("Visit spam.example for prizes"), await comment("my own words")];
    const remove = (url: string, token: string) => server.app.inject({ method: "DELETE", url, headers: as(token) });
    expect((await remove(`/api/articles/${slug}/comments/${own}`, author)).statusCode).toBe(204);
    expect((await remove(`/api/articles/${slug}/comments/${spam}`, moderator)).statusCode).toBe(204);
    expect((await remove(`/api/articles/${slug}`, moderator)).statusCode).toBe(204);

    const removals = () => mailsTo("moderated@example.test", "").filter((m) => m.subject?.includes("removed by a moderator"));
    const mails = await waitFor(() => removals().length === 2 && removals());
    expect(mails.map((m) => m.subject).sort()).toEqual([
      "Your article was removed by a moderator",
      "Your comment was removed by a moderator",
    ]);
    expect(mails.find((m) => m.subject!.includes("comment"))!.text).toContain("“Visit spam.example for prizes”");
    expect(mails.find((m) => m.subject!.includes("article"))!.text).toContain("“Buy cheap watches”");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(mailsTo("moderated@example.test", "").filter((m) => m.text?.includes("my own words"))).toHaveLength(0);
  });

  it("answers a sign-up while the SMTP server stalls, and the mail arrives once it recovers", async () => {
    const recover = smtp.stall();
    try {
      expect((await signUp(server.app, "stalled1")).statusCode).toBe(201);
      // The mail jobs (the welcome, the email code) are now inside SMTP conversations that do not answer...
      await waitFor(() => smtp.held.includes("stalled1@example.test"), 20_000, "the job to reach the stalled server");
      // ...and requests that enqueue mail still answer, none of them waiting for it.
      expect((await signUp(server.app, "stalled2")).statusCode).toBe(201);
      expect(mailsTo("stalled1@example.test")).toHaveLength(0);
    } finally {
      recover();
    }
    await waitFor(() => mailsTo("stalled1@example.test").length === 1 && mailsTo("stalled2@example.test").length === 1);
  });

  it("shows the queue on the metrics port: jobs by name and state, and each run's duration", async () => {
    await waitFor(() => mailsTo("welcomed@example.test").length === 1);
    const text = await server.metrics.registry.metrics();
    expect(text).toMatch(/conduit_job_duration_seconds_count\{name="send-mail",outcome="completed"\} [1-9]/);
    expect(text).toMatch(/conduit_jobs\{name="send-mail",state="completed"\} [1-9]/);
    expect(text).toMatch(/conduit_upkeep_removed_total\{task="upkeep.sessions"\} 0/);
  });

  it("does not serve the local mailbox while SMTP_URL is set", async () => {
    expect((await server.app.inject("/dev/mail")).statusCode).toBe(404);
  });
});

describe("the local mailbox at /dev/mail (no SMTP_URL, a loopback address)", () => {
  const server = useServer("sqlite", { jobs: true });

  it("lists the mail the server would have sent, and shows each one's text and HTML parts", async () => {
    expect((await signUp(server.app, "newcomer")).statusCode).toBe(201);
    const list = await waitFor(async () => {
      const res = await server.app.inject("/dev/mail");
      return res.body.includes("Welcome to Conduit, newcomer") && res;
    });
    expect(list.headers["content-security-policy"]).toContain("default-src 'none'");
    const href = /href="(\/dev\/mail\/[^"]+)"/.exec(list.body)![1]!;
    const page = await server.app.inject(href);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("newcomer@example.test");
    expect(page.body).toContain("Hi newcomer,");
    expect(page.body).toContain(`src="${href}/html"`);
    const html = await server.app.inject(`${href}/html`);
    expect(html.body).toContain('<p style="margin:0 0 16px">Hi newcomer,</p>');
    expect(html.headers["content-security-policy"]).toMatch(/default-src 'none'.*sandbox/);
  });

  it("answers 404 for a message it does not hold", async () => {
    expect((await server.app.inject("/dev/mail/1796000000000-nothing")).statusCode).toBe(404);
    expect((await server.app.inject("/dev/mail/..%2f..%2fetc%2fpasswd")).statusCode).toBe(404);
  });
});

describe("a server on a public address without SMTP_URL", () => {
  const server = useServer("sqlite", { env: { HOST: "0.0.0.0" } });

  it("has no /dev/mail, and says at start that mail is kept locally and not sent", async () => {
    expect((await server.app.inject("/dev/mail")).statusCode).toBe(404);
    const warning = server.logs
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .find((l) => l.msg.startsWith("SMTP_URL is not set"));
    expect(warning).toMatchObject({ level: 40, msg: "SMTP_URL is not set: mail is kept in MAIL_DIR and not sent" });
  });
});
