/** The session cookie's name and attributes; the HTTP layer applies them. */
// Stryker disable next-line StringLiteral: any name works as long as both sides use this constant; the server's tests read the cookie by it.
export const sessionCookieName = "conduit_session";

export function sessionCookieOptions(expiresAt: Date, secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires: expiresAt };
}

/**
 * The token from `Authorization: Token <t>` (RealWorld's scheme) or `Bearer <t>`; the header
 * wins over the cookie, as an explicit credential should.
 */
export function tokenFromRequest(authorization: string | undefined, cookie: string | undefined): string | null {
  if (authorization) {
    const match = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : null;
  }
  return cookie || null;
}
