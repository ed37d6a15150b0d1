/** Why passkeys cannot be used on this page, with a link to where they can. */
export function PasskeyBlocked({ blocker }: { blocker: { message: string; href?: string } }) {
  return (
    <p className="hint" role="note">
      {blocker.message} {blocker.href && <a href={blocker.href}>Open this page there.</a>}
    </p>
  );
}
