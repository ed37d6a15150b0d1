import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@conduit/api";

/** Said when no answer came (a dropped connection, a proxy's HTML error page): submitting again is safe. */
export const unreachableMessage = "The server could not be reached. Check your connection and submit again.";

/** The server's field-level messages (`{ title: ["can't be blank"] }`) from a failed call, if any. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data;
    if (!data) return { form: [unreachableMessage] };
    if (data.fieldErrors) return data.fieldErrors;
    return { form: [error.message] };
  }
  return error ? { form: ["Something went wrong. Try again."] } : {};
}
