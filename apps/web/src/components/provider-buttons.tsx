import { useProviders } from "../lib/use-providers.ts";

/** "Sign in with <provider>" for each configured provider: plain links, since the flow is redirects. */
export function ProviderButtons({ verb }: { verb: "Sign in" | "Sign up" }) {
  const providers = useProviders();
  if (!providers.length) return null;
  return (
    <div className="provider-buttons">
      {providers.map((p) => (
        <a key={p.id} className="btn btn-outline" href={`/auth/${p.id}/start`}>
          {verb} with {p.name}
        </a>
      ))}
    </div>
  );
}
