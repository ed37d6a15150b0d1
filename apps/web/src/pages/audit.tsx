import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC, type RouterInputs } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { Empty, ErrorState, Loading } from "../components/states.tsx";

type Filters = Pick<RouterInputs["audit"]["list"], "actor" | "action" | "targetType" | "targetId" | "from" | "to">;
const fields = [
  { name: "actor", label: "Actor (username)", type: "text" },
  { name: "action", label: "Action", type: "text" },
  { name: "targetType", label: "Target type", type: "text" },
  { name: "targetId", label: "Target id", type: "text" },
  { name: "from", label: "From", type: "datetime-local" },
  { name: "to", label: "Until", type: "datetime-local" },
] as const;
const pageSize = 50;

/** The filters as the procedure takes them: empty fields left out, local times as instants. */
function toFilters(form: Record<string, string>): Filters {
  const filters: Record<string, string | Date> = {};
  for (const { name, type } of fields) {
    const value = form[name]?.trim();
    if (value) filters[name] = type === "datetime-local" ? new Date(value) : value;
  }
  return filters as Filters;
}

/**
 * The audit log for those whose roles grant `read:audit:any`: newest first, filtered by actor,
 * action, target and time, a page at a time. Paging walks back by the last id seen (the log only
 * grows at its head, so a page never shifts), and remembers the way back.
 */
export function AuditPage() {
  const trpc = useTRPC();
  const { can, isLoading } = useCurrentUser();
  const [form, setForm] = useState<Record<string, string>>({});
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);
  const events = useQuery({
    ...trpc.audit.list.queryOptions({ ...filters, before, limit: pageSize }),
    enabled: can("read:audit:any"),
    placeholderData: keepPreviousData,
  });
  if (isLoading) return <Loading what="the audit log" />;
  if (!can("read:audit:any")) return <Empty>Only moderators and admins can see the audit log.</Empty>;
  return (
    <div className="audit-page">
      <h1>Audit log</h1>
      <form
        className="filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(toFilters(form));
          setCursors([]);
        }}
      >
        {fields.map(({ name, label, type }) => (
          <label key={name}>
            {label}
            <input type={type} value={form[name] ?? ""} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
          </label>
        ))}
        <button type="submit" className="btn btn-primary">
          Filter
        </button>
      </form>
      {events.isLoading ? (
        <Loading what="audit events" />
      ) : events.isError ? (
        <ErrorState error={events.error} retry={() => void events.refetch()} />
      ) : events.data!.events.length === 0 ? (
        <Empty>No events match.</Empty>
      ) : (
        <table className="data-table" aria-label="Audit events">
          <thead>
            <tr>
              <th>At</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Outcome</th>
              <th>From</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {events.data!.events.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</time>
                </td>
                <td>{e.actor ?? "—"}</td>
                <td>{e.action}</td>
                <td>{e.target ? `${e.target.type}:${e.target.id}` : "—"}</td>
                <td>{e.outcome}</td>
                <td title={e.userAgent ?? undefined}>{e.ip ?? "—"}</td>
                <td>
                  <code>{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className="pagination" aria-label="Audit pages">
        <button type="button" className="btn btn-outline" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>{" "}
        <button
          type="button"
          className="btn btn-outline"
          disabled={!events.data?.nextBefore}
          onClick={() => events.data?.nextBefore && setCursors([...cursors, events.data.nextBefore])}
        >
          Older
        </button>
      </nav>
    </div>
  );
}
