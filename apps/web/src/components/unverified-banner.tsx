import { Link, useLocation } from "react-router";
import { useCurrentUser } from "../lib/use-current-user.ts";

/** Under the header while the signed-in account's address is not verified. */
export function UnverifiedBanner() {
  const { user } = useCurrentUser();
  const { pathname } = useLocation();
  if (!user || user.emailVerified || pathname === "/verify-email") return null;
  return (
    <p className="notice unverified" role="status">
      Please verify {user.email}: <Link to="/verify-email">enter the code we mailed you</Link>.
    </p>
  );
}
