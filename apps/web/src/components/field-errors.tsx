/** Messages for one field, or the form-level ones, shown where the user is looking. */
export function FieldMessages({ errors, field }: { errors: Record<string, string[]>; field: string }) {
  const messages = errors[field];
  if (!messages?.length) return null;
  return (
    <ul className="error-messages" id={`${field}-errors`} role="alert">
      {messages.map((m) => (
        <li key={m}>
          {field === "form" || field === "body" ? m : `${field} ${m}`}
        </li>
      ))}
    </ul>
  );
}
