import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC, type RouterInputs } from "../trpc.ts";
import { ActionErrors } from "./field-errors.tsx";

type Target = RouterInputs["reports"]["create"]["target"];

/** "Report" on someone else's article or comment: a short reason, sent once, for moderators. */
export function ReportButton({ target, what }: { target: Target; what: string }) {
  const trpc = useTRPC();
  const report = useMutation(trpc.reports.create.mutationOptions());
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  if (report.isSuccess) return <span role="status">Reported: a moderator will look at it.</span>;
  if (!open)
    return (
      <button type="button" className="btn btn-link" aria-label={`Report ${what}`} onClick={() => setOpen(true)}>
        Report
      </button>
    );
  return (
    <form
      className="report-form"
      aria-label={`Report ${what}`}
      onSubmit={(e) => {
        e.preventDefault();
        report.mutate({ target, reason });
      }}
    >
      <label>
        Why should a moderator look at this?
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-outline" disabled={report.isPending || !reason.trim()}>
        Send report
      </button>
      <ActionErrors error={report.error} />
    </form>
  );
}
