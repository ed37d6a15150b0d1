import { describe, expect, it } from "vitest";
import { createSubmissionKeys, randomKey } from "./submission-keys.ts";

describe("submission keys", () => {
  it("gives a retried submission of the same body the same key", () => {
    const keys = createSubmissionKeys();
    const first = keys.keyFor("articles.create", { title: "Dragons" });
    expect(keys.keyFor("articles.create", { title: "Dragons" })).toBe(first);
  });

  it("gives a new key after the submission succeeded, so posting the same comment twice posts twice", () => {
    const keys = createSubmissionKeys();
    const first = keys.keyFor("comments.add", { slug: "a", body: "+1" });
    keys.succeeded("comments.add", first);
    expect(keys.keyFor("comments.add", { slug: "a", body: "+1" })).not.toBe(first);
  });

  it("gives a new key when the body changed, which the server would refuse under the old one", () => {
    const keys = createSubmissionKeys();
    const first = keys.keyFor("articles.create", { title: "Dragons" });
    expect(keys.keyFor("articles.create", { title: "Dragons, edited" })).not.toBe(first);
  });

  it("keeps each procedure's submission apart, and a late success of an older key clears nothing", () => {
    const keys = createSubmissionKeys();
    const article = keys.keyFor("articles.create", { title: "Dragons" });
    const comment = keys.keyFor("comments.add", { slug: "a", body: "hi" });
    expect(comment).not.toBe(article);
    keys.succeeded("comments.add", article);
    expect(keys.keyFor("comments.add", { slug: "a", body: "hi" })).toBe(comment);
  });

  it("makes keys of 128 random bits the server accepts", () => {
    const key = randomKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(randomKey()).not.toBe(key);
  });
});
