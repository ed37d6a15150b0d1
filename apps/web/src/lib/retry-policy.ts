import { TRPCClientError } from "@trpc/client";

/**
 * Retry a failed query twice when the server or network failed, never when the server answered
 * that the request itself was wrong (401, 403, 404, 422...): asking again cannot change that.
 */
export function retryOnlyServerFailures(failureCount: number, error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
    if (status !== undefined && status < 500) return false;
  }
  return failureCount < 2;
}
