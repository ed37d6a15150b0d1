import { describe, expect, it } from "vitest";
import { testProviders } from "@conduit/db/testing";
import { failure, outcome, useApi } from "./harness.ts";

const origin = "http://localhost:3000";
const b64url = (value: string | Uint8Array) => Buffer.from(value).toString("base64url");

/** An assertion as a browser would send it, for a passkey id; only its client data is meaningful here. */
function assertion(id: string, clientData: { type?: string; challenge: string; origin?: string }) {
  const data = JSON.stringify({ type: "webauthn.get", origin, ...clientData });
  return {
    id,
    rawId: id,
    type: "public-key" as const,
    clientExtensionResults: {},
    response: { clientDataJSON: b64url(data), authenticatorData: b64url(new Uint8Array(37)), signature: b64url(new Uint8Array(64)) },
  };
}

describe.each(await testProviders())("passkeys on %s", (provider) => {
  const api = useApi(provider);

  /** A registered passkey row (its key is not real: these cases are refused before the signature). */
  async function passkeyOf(username: string) {
    const { id: userId } = await api.db.user.findUniqueOrThrow({ where: { username } });
    const id = b64url(crypto.getRandomValues(new Uint8Array(16)));
    await api.db.passkey.create({ data: { id, userId, publicKey: new Uint8Array(77), counter: 0, name: "test" } });
    return id;
  }

  it("asks for a re-authentication before registering, and makes a resident-key, user-verifying, single-use challenge", async () => {
    const member = await api.signUp();
    expect(await outcome(member.api.passkeys.registrationOptions())).toBe("FORBIDDEN");
    await member.api.account.reauthenticate({ password: "password123" });
    const options = (await api.caller(member.token).passkeys.registrationOptions()) as {
      challenge: string;
      rp: { id: string };
      authenticatorSelection: { residentKey: string; userVerification: string };
      attestation: string;
    };
    expect(options.rp.id).toBe("localhost");
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.attestation).toBe("none");
    expect(Buffer.from(options.challenge, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(await api.db.webAuthnChallenge.count({ where: { challenge: options.challenge, purpose: "register" } })).toBe(1);
  });

  it("refuses a sign-in with an unknown passkey, a challenge never issued, used or expired, and another origin, each clearly", async () => {
    const member = await api.signUp();
    const id = await passkeyOf(member.username);
    const anonymous = api.anonymous();

    const unknown = await failure(anonymous.passkeys.signIn({ response: assertion(b64url("nobody's"), { challenge: "x" }) }));
    expect([unknown.code, unknown.message]).toEqual(["BAD_REQUEST", "passkey is not registered here (it may have been removed)"]);

    // Another sign-in's challenge is waiting meanwhile: it is no match for one never issued.
    await anonymous.passkeys.signInOptions();
    const never = await failure(anonymous.passkeys.signIn({ response: assertion(id, { challenge: b64url("never issued") }) }));
    expect(never.message).toMatch(/^passkey was refused: .*challenge/i);

    const { challenge } = (await anonymous.passkeys.signInOptions()) as { challenge: string };
    const elsewhere = await failure(anonymous.passkeys.signIn({ response: assertion(id, { challenge, origin: "https://evil.example" }) }));
    expect(elsewhere.message).toMatch(/^passkey was refused: .*origin/i);

    const { challenge: late } = (await anonymous.passkeys.signInOptions()) as { challenge: string };
    await api.db.webAuthnChallenge.updateMany({ where: { challenge: late }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await failure(anonymous.passkeys.signIn({ response: assertion(id, { challenge: late }) }))).message).toMatch(/challenge/i);

    // A challenge is gone once tried, whatever the outcome: no second try with it.
    const { challenge: once } = (await anonymous.passkeys.signInOptions()) as { challenge: string };
    await failure(anonymous.passkeys.signIn({ response: assertion(id, { challenge: once }) }));
    expect(await api.db.webAuthnChallenge.count({ where: { challenge: once } })).toBe(0);
    expect((await failure(anonymous.passkeys.signIn({ response: assertion(id, { challenge: once }) }))).message).toMatch(/challenge/i);
  });

  it("takes a registration only with a challenge issued to that account", async () => {
    const [first, second] = [await api.signUp(), await api.signUp()];
    for (const m of [first, second]) await m.api.account.reauthenticate({ password: "password123" });
    const { challenge } = (await api.caller(first.token).passkeys.registrationOptions()) as { challenge: string };
    await api.caller(second.token).passkeys.registrationOptions();
    const data = JSON.stringify({ type: "webauthn.create", challenge, origin });
    const response = {
      id: b64url("new credential"),
      rawId: b64url("new credential"),
      type: "public-key" as const,
      clientExtensionResults: {},
      response: { clientDataJSON: b64url(data), attestationObject: b64url(new Uint8Array(64)) },
    };
    const refused = await failure(api.caller(second.token).passkeys.register({ response, name: "stolen challenge" }));
    expect(refused.message).toMatch(/^passkey was refused: .*challenge/i);
  });

  it("lets only the owner rename or remove a passkey, removal after a re-authentication", async () => {
    const owner = await api.signUp();
    const stranger = await api.signUp();
    const id = await passkeyOf(owner.username);
    // A second passkey of the owner's, which renaming and removing the first leave alone.
    const other = await passkeyOf(owner.username);
    expect(await outcome(stranger.api.passkeys.rename({ id, name: "mine now" }))).toBe("NOT_FOUND");
    await owner.api.passkeys.rename({ id, name: "Work laptop" });
    expect((await owner.api.passkeys.list()).map((p) => [p.id, p.name]).sort()).toEqual(
      [
        [id, "Work laptop"],
        [other, "test"],
      ].sort(),
    );
    expect(await api.db.auditEvent.count({ where: { action: "account.passkey_renamed", details: { contains: "Work laptop" } } })).toBe(1);
    expect(await outcome(owner.api.passkeys.remove({ id }))).toBe("FORBIDDEN");
    await owner.api.account.reauthenticate({ password: "password123" });
    const confirmed = api.caller(owner.token);
    await stranger.api.account.reauthenticate({ password: "password123" });
    expect(await outcome(api.caller(stranger.token).passkeys.remove({ id }))).toBe("NOT_FOUND");
    await confirmed.passkeys.remove({ id });
    expect((await confirmed.passkeys.list()).map((p) => [p.id, p.name])).toEqual([[other, "test"]]);
  });
});
