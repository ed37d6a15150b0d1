import { z } from "zod";
import { permittedProcedure, router } from "../trpc.ts";
import { authorize } from "../permissions/authorize.ts";

const pageLimit = 100;

const auditEventSchema = z.object({
  id: z.number(),
  at: z.date(),
  actor: z.string().nullable(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  traceId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const auditRouter = router({
  /** The audit log, newest first, for those whose roles grant `read:audit:any` (moderators, admins). */
  list: permittedProcedure("read:audit")
    .input(
      z.strictObject({
        actor: z.string().min(1).max(100).optional(),
        action: z.string().min(1).max(100).optional(),
        targetType: z.string().min(1).max(50).optional(),
        targetId: z.string().min(1).max(200).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        /** The last id of the previous page. */
        before: z.number().int().positive().max(2_147_483_647).optional(),
        limit: z.number().int().min(1).max(pageLimit).default(50),
      }),
    )
    .output(z.object({ events: z.array(auditEventSchema), nextBefore: z.number().nullable() }))
    .query(async ({ ctx, input }) => {
      // Nobody owns the log: only `:any` reads it.
      await authorize(ctx, "read:audit", { type: "audit", id: "log", ownerId: 0 });
      const actor =
        input.actor === undefined ? undefined : await ctx.db.user.findUnique({ where: { username: input.actor }, select: { id: true } });
      if (input.actor !== undefined && !actor) return { events: [], nextBefore: null };
      const rows = await ctx.db.auditEvent.findMany({
        where: {
          ...(actor ? { actorId: actor.id } : {}),
          ...(input.action ? { action: input.action } : {}),
          ...(input.targetType ? { targetType: input.targetType } : {}),
          ...(input.targetId ? { targetId: input.targetId } : {}),
          ...(input.from || input.to ? { at: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } } : {}),
          ...(input.before ? { id: { lt: input.before } } : {}),
        },
        orderBy: { id: "desc" },
        take: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      const actorIds = [...new Set(page.map((r) => r.actorId).filter((id) => id !== null))];
      const names = new Map(
        (await ctx.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, username: true } })).map((u) => [
          u.id,
          u.username,
        ]),
      );
      return {
        events: page.map((row) => ({
          id: row.id,
          at: row.at,
          actor: row.actorId === null ? null : (names.get(row.actorId) ?? `#${row.actorId}`),
          action: row.action,
          target: row.targetType === null ? null : { type: row.targetType, id: row.targetId ?? "" },
          outcome: row.outcome,
          ip: row.ip,
          userAgent: row.userAgent,
          requestId: row.requestId,
          traceId: row.traceId,
          details: JSON.parse(row.details) as Record<string, unknown>,
        })),
        nextBefore: rows.length > input.limit ? page.at(-1)!.id : null,
      };
    }),
});
