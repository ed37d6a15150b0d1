import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { fieldErrorsOf, unreachableMessage } from "./field-errors.ts";

describe("fieldErrorsOf", () => {
  it("gives the server's per-field messages for a form to show next to its inputs", () => {
    const error = new TRPCClientError("Invalid input", {
      result: { error: { message: "Invalid input", code: -32600, data: { fieldErrors: { title: ["can't be blank"] } } } } as never,
    });
    expect(fieldErrorsOf(error)).toEqual({ title: ["can't be blank"] });
  });

  it("falls back to the server's message for the form, and to nothing when there is no error", () => {
    const error = new TRPCClientError("Article not found", {
      result: { error: { message: "Article not found", code: -32004, data: { code: "NOT_FOUND", httpStatus: 404 } } } as never,
    });
    expect(fieldErrorsOf(error)).toEqual({ form: ["Article not found"] });
    expect(fieldErrorsOf(null)).toEqual({});
  });

  it("says the server could not be reached when no answer came, so the person knows to submit again", () => {
    const dropped = TRPCClientError.from(new TypeError("Failed to fetch"));
    expect(fieldErrorsOf(dropped)).toEqual({ form: [unreachableMessage] });
  });
});
