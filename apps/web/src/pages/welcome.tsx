import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { useTRPC } from "../trpc.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { useInputCheck } from "../lib/use-input-check.ts";
import { FieldMessages } from "../components/field-errors.tsx";
import { Loading } from "../components/states.tsx";

/** A provider sign-up whose username is taken here: the person picks another, and the account is made. */
export function WelcomePage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const pending = useQuery(trpc.connections.pending.queryOptions());
  const [username, setUsername] = useState("");
  const complete = useMutation(trpc.connections.completeSignUp.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(complete.error);
  if (pending.isLoading) return <Loading what="your sign-up" />;
  if (!pending.data || pending.data.purpose !== "sign-up")
    return (
      <p className="state">
        This sign-up has expired. <Link to="/register">Start again</Link>.
      </p>
    );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!(await check.passes((v) => v.registerInput.pick({ username: true }), { username }))) return;
    try {
      await complete.mutateAsync({ username });
      await queryClient.invalidateQueries();
      await navigate("/");
    } catch {
      // shown from complete.error
    }
  };
  return (
    <div className="narrow">
      <h1>Welcome to Conduit</h1>
      <p>
        You signed in as {pending.data.email}. {pending.data.username ? `The username ${pending.data.username} is taken here: ` : ""}
        choose the one people will see.
      </p>
      <form onSubmit={(e) => void submit(e)} onFocus={check.prepare} noValidate>
        <div className="field">
          <label htmlFor="username">Username</label>
          <input id="username" value={username} aria-invalid={Boolean(errors.username)} onChange={(e) => setUsername(e.target.value)} />
          <FieldMessages errors={errors} field="username" />
          <FieldMessages errors={errors} field="provider" />
          <FieldMessages errors={errors} field="form" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={complete.isPending}>
          Create my account
        </button>
      </form>
    </div>
  );
}
