/** The provider sign-in's cookies, named once: the flow's three (state, nonce, PKCE verifier) and the pending link. */
export const oidcFlowCookies = { state: "conduit_oidc_state", nonce: "conduit_oidc_nonce", verifier: "conduit_oidc_verifier" } as const;

/** Names a provider sign-in waiting for its last step (a second factor, or linking to an account). */
export const oidcPendingCookie = "conduit_oidc_pending";
