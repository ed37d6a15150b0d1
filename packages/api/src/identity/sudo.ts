import type { Actor } from "../context.ts";
import { refuse } from "../shared/field-error.ts";
import { identityErrors } from "./error-codes.ts";

/** How long a re-authentication lets a session make sensitive changes (the email address). */
export const sudoWindowMs = 10 * 60 * 1000;

/** Whether a re-authentication at `sudoAt` still counts at `now`: up to and including the window's last millisecond. */
export function inSudoWindow(sudoAt: Date | null, now: Date): boolean {
  return sudoAt !== null && now.getTime() - sudoAt.getTime() <= sudoWindowMs;
}

/** Refuses unless this session re-authenticated within the window: 403 "password confirm first". */
export async function requireSudo(ctx: Actor & { auth: { session: { id: string } } }): Promise<void> {
  const session = await ctx.db.session.findUnique({ where: { id: ctx.auth.session.id }, select: { sudoAt: true } });
  if (!inSudoWindow(session?.sudoAt ?? null, ctx.now())) throw refuse(identityErrors.REAUTHENTICATION_NEEDED);
}
