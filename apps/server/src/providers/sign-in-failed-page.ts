/**
 * The page a failed provider sign-in lands on: what went wrong, in words fixed by the server
 * (never the provider's text, so nothing from outside is echoed into HTML), and a way back.
 */
export function signInFailedPage(reason: string): string {
  return `<!doctype html><title>Sign-in failed</title><p>Sign-in failed: ${reason}.</p><p><a href="/login">Sign in again</a></p>`;
}
