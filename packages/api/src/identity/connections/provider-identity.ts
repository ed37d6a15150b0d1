/** Who a provider says signed in, after its ID token (or GitHub's API) was checked. */
export interface ProviderIdentity {
  provider: string;
  subject: string;
  email: string | null;
  /** Only a provider's own `email_verified: true` (or GitHub's verified flag) counts. */
  emailVerified: boolean;
  /** The provider's name for the user, if any: a first guess at a username. */
  username: string | null;
  /** The provider's `amr` says the user gave a second factor there. */
  mfa: boolean;
}
