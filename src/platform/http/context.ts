/**
 * @module context
 * The variables every request carries through the middleware chain.
 */
import type { SessionView } from "../../accounts/accounts.service";

export type AppEnv = {
  Variables: {
    requestId: string;
    /** The session from the cookie, or null. */
    session: SessionView | null;
    sessionToken: string | null;
  };
};
