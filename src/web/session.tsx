/**
 * @module session
 * The caller's session as the server reports it, shared through React context. The server is the
 * authority on abilities: the UI shows only what `abilities` allows.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, api, SESSION_EXPIRED_EVENT, setCsrfToken } from "./api";

export type Session = {
  stage: "second_factor" | "enrol_second_factor" | "active";
  canSkipSecondFactor: boolean;
  demoMode: boolean;
  csrfToken: string;
  user: { id: string; displayName: string; roles: string[]; isSynthetic: boolean };
  organisation: { id: string; name: string; type: string; isSynthetic: boolean };
  abilities: string[];
  expiresAt: string;
  idleTimeoutMinutes: number;
};

type SessionState = {
  session: Session | null;
  loading: boolean;
  /** True after the server ended the session (timeout) while the app was open. */
  expired: boolean;
  setSession: (s: Session | null) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const setSession = useCallback((s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? null);
    setSessionState(s);
  }, []);
  const refresh = useCallback(async () => {
    try {
      setSession(await api<Session>("GET", "/session"));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setSession(null);
    } finally {
      setLoading(false);
    }
  }, [setSession]);
  const logout = useCallback(async () => {
    await api("DELETE", "/session").catch(() => {});
    setSession(null);
  }, [setSession]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    const expired = () => {
      setSession(null);
      setExpired(true);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
  }, [setSession]);
  return (
    <SessionContext.Provider value={{ session, loading, expired, setSession, refresh, logout }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside SessionProvider");
  return state;
}

/** Whether the current user has an ability (for navigation and buttons; the server enforces). */
export function useAbility(ability: string): boolean {
  return useSession().session?.abilities.includes(ability) ?? false;
}
