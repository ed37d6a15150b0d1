import { describe, expect, it } from "vitest";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { testProviders } from "@conduit/db/testing";
import { useApi } from "./harness.ts";
import { inProcessDeps } from "../src/in-process-deps.ts";
import { createContextInner } from "../src/context.ts";
import { resolveIdentity, type ProviderIdentity } from "../src/identity/connections/identity.ts";
import { totpCodeAt } from "../src/identity/second-factor/totp.ts";

describe.each(await testProviders())("provider identities on %s", (provider) => {
  const api = useApi(provider);
  const ctx = () => createContextInner(inProcessDeps(api.db));
  let n = 0;
  const identity = (over: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
    provider: "corp",
    subject: `${provider}-sub-${++n}`,
    email: null,
    emailVerified: true,
    username: null,
    mfa: false,
    ...over,
  });

  it("skips the account's own second factor only when the provider did MFA and is trusted to say so", async () => {
    const member = await api.signUp();
    await member.api.account.reauthenticate({ password: "password123" });
    const setup = await api.caller(member.token).security.totpSetup();
    await api
      .caller(member.token)
      .security.totpEnable({ code: totpCodeAt(decodeBase32IgnorePadding(setup.key.replace(/ /g, "")), new Date()) });
    const { id: userId } = await api.db.user.findUniqueOrThrow({ where: { username: member.username } });
    const known = identity({ mfa: true });
    await api.db.connection.create({ data: { provider: "corp", subject: known.subject, userId } });

    expect(await resolveIdentity(ctx(), known, { signedInUserId: null, trustMfa: true })).toEqual({
      kind: "signed-in",
      userId,
      secondFactorPending: false,
    });
    expect(await resolveIdentity(ctx(), known, { signedInUserId: null, trustMfa: false })).toMatchObject({ secondFactorPending: true });
    expect(await resolveIdentity(ctx(), { ...known, mfa: false }, { signedInUserId: null, trustMfa: true })).toMatchObject({
      secondFactorPending: true,
    });
  });

  it("refuses a new identity without an address, and a banned account's connection", async () => {
    expect(await resolveIdentity(ctx(), identity(), { signedInUserId: null, trustMfa: false })).toEqual({
      kind: "refused",
      reason: "no-email",
    });
    const member = await api.signUp();
    const { id: userId } = await api.db.user.update({
      where: { username: member.username },
      data: { bannedAt: new Date() },
      select: { id: true },
    });
    const banned = identity();
    await api.db.connection.create({ data: { provider: "corp", subject: banned.subject, userId } });
    expect(await resolveIdentity(ctx(), banned, { signedInUserId: null, trustMfa: false })).toEqual({ kind: "refused", reason: "banned" });
  });

  it("disconnects only the caller's own connection to a provider", async () => {
    const [first, second] = [await api.signUp(), await api.signUp()];
    for (const m of [first, second]) {
      const { id: userId } = await api.db.user.findUniqueOrThrow({ where: { username: m.username } });
      await api.db.connection.create({ data: { provider: "corp", subject: `${m.username}-at-corp`, userId } });
    }
    const { id: firstId } = await api.db.user.findUniqueOrThrow({ where: { username: first.username } });
    await api.db.connection.create({ data: { provider: "other", subject: `${first.username}-at-other`, userId: firstId } });
    await first.api.connections.remove({ provider: "corp" });
    const left = await api.db.connection.findMany({ where: { subject: { contains: "-at-" } }, select: { subject: true } });
    expect(left.map((c) => c.subject).sort()).toEqual([`${first.username}-at-other`, `${second.username}-at-corp`].sort());
  });
});
