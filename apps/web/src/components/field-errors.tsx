import { fieldErrorsOf } from "../lib/field-errors.ts";

/** Server fields that are not form inputs, in words a person reads. */
const phrasing: Record<string, (message: string) => string> = {
  form: (m) => m,
  body: (m) => m,
  credentials: () => "Email or password is invalid.",
  account: (m) => `This account ${m}.`,
  token: () => "Your session has ended: sign in again.",
  otp: (m) =>
    m === "is wrong"
      ? "That code is not right. Use the code your authenticator app shows now, or a recovery code you have not used."
      : m === "required"
        ? "Enter a code from your authenticator app, or a recovery code."
        : `That code ${m}.`,
};

/** Messages for one field, or the form-level ones, shown where the user is looking. */
export function FieldMessages({ errors, field }: { errors: Record<string, string[]>; field: string }) {
  const messages = errors[field];
  if (!messages?.length) return null;
  return (
    <ul className="error-messages" id={`${field}-errors`} role="alert">
      {messages.map((m) => (
        <li key={m}>{phrasing[field]?.(m) ?? `${field} ${m}`}</li>
      ))}
    </ul>
  );
}

/** Every message of a failed action that has no form of its own (a delete button), or nothing. */
export function ActionErrors({ error }: { error: unknown }) {
  const errors = fieldErrorsOf(error);
  return (
    <>
      {Object.keys(errors).map((field) => (
        <FieldMessages key={field} errors={errors} field={field} />
      ))}
    </>
  );
}
