import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { unwrap, type Schemas } from "@agora/client";
import { agora, api, tokenStore } from "./api";

export type User = Schemas["UserUserView"];

interface Session {
  user: User | null;
  loading: boolean;
  login(email: string, password: string): Promise<User>;
  signup(name: string, email: string, password: string): Promise<User>;
  logout(): Promise<void>;
  reload(): Promise<void>;
  hasRole(role: "customer" | "vendor" | "admin"): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(() => tokenStore.get() !== null);
  // Answers can arrive out of order (the page's first look at the user may land after the look taken
  // after a change): only the newest look, login, signup or logout may set the user.
  const latest = useRef(0);
  const settle = useCallback((me: User | null) => {
    latest.current += 1;
    setUser(me);
    setLoading(false);
  }, []);

  const reload = useCallback(async () => {
    const look = ++latest.current;
    let me: User | null = null;
    if (tokenStore.get()) {
      try {
        me = await unwrap(api.GET("/api/v1/users/me"));
      } catch {
        me = null;
      }
    }
    if (look === latest.current) {
      setUser(me);
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // Signed out in another tab, or the session ended: follow the token store.
    return tokenStore.subscribe(() => {
      if (!tokenStore.get()) {
        settle(null);
      }
    });
  }, [reload, settle]);

  const session = useMemo<Session>(() => ({
    user,
    loading,
    async login(email, password) {
      await agora.login(email, password);
      const me = await unwrap(api.GET("/api/v1/users/me"));
      settle(me);
      return me;
    },
    async signup(name, email, password) {
      const created = await unwrap(api.POST("/api/v1/auth/signup", { body: { name, email, password } }));
      tokenStore.set({ accessToken: created.accessToken, refreshToken: created.refreshToken,
        tokenType: created.tokenType, expiresIn: created.expiresIn });
      const me = created.user ?? (await unwrap(api.GET("/api/v1/users/me")));
      settle(me);
      return me;
    },
    async logout() {
      await agora.logout();
      settle(null);
    },
    reload,
    hasRole: (role) => Boolean(user?.roles?.includes(role)),
  }), [user, loading, reload, settle]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error("useSession outside SessionProvider");
  }
  return session;
}
