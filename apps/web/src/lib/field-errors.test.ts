import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { fieldErrorsOf } from "./field-errors.ts";

describe("fieldErrorsOf", () => {
  it("gives the server's per-field messages for a form to show next to its inputs", () => {
    const error = new TRPCClientError("Invalid input", { result: { error: { message: "Invalid input", code: -32600, data: { fieldErrors: { title: ["can't be blank"] } } } } as never });
    expect(fieldErrorsOf(error)).toEqual({ title: ["can't be blank"] });
  });

  it("falls back to a form-level message, and to nothing when there is no error", () => {
    expect(fieldErrorsOf(new TRPCClientError("boom"))).toEqual({ form: ["boom"] });
    expect(fieldErrorsOf(null)).toEqual({});
  });
});
