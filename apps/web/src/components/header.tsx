import { NavLink } from "react-router";
import { useCurrentUser } from "../lib/use-current-user.ts";

export function Header() {
  const { user, can } = useCurrentUser();
  return (
    <header className="navbar">
      <NavLink to="/" className="brand">
        conduit
      </NavLink>
      <nav aria-label="Main">
        <NavLink to="/" end>
          Home
        </NavLink>
        {user ? (
          <>
            <NavLink to="/editor">New Article</NavLink>
            <NavLink to="/settings">Settings</NavLink>
            {can("resolve:report:any") && <NavLink to="/moderation">Moderation</NavLink>}
            {can("read:audit:any") && <NavLink to="/audit">Audit</NavLink>}
            <NavLink to={`/profile/${user.username}`}>{user.username}</NavLink>
          </>
        ) : (
          <>
            <NavLink to="/login">Sign in</NavLink>
            <NavLink to="/register">Sign up</NavLink>
          </>
        )}
      </nav>
    </header>
  );
}
