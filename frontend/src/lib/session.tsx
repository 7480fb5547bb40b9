import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
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

  const reload = useCallback(async () => {
    if (!tokenStore.get()) {
      setUser(null);
      setLoading(false);
      return;
    }
    try {
      setUser(await unwrap(api.GET("/api/v1/users/me")));
    } catch {
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // Signed out in another tab, or the session ended: follow the token store.
    return tokenStore.subscribe(() => {
      if (!tokenStore.get()) {
        setUser(null);
      }
    });
  }, [reload]);

  const session = useMemo<Session>(() => ({
    user,
    loading,
    async login(email, password) {
      await agora.login(email, password);
      const me = await unwrap(api.GET("/api/v1/users/me"));
      setUser(me);
      return me;
    },
    async signup(name, email, password) {
      const created = await unwrap(api.POST("/api/v1/auth/signup", { body: { name, email, password } }));
      tokenStore.set({ accessToken: created.accessToken, refreshToken: created.refreshToken,
        tokenType: created.tokenType, expiresIn: created.expiresIn });
      const me = created.user ?? (await unwrap(api.GET("/api/v1/users/me")));
      setUser(me);
      return me;
    },
    async logout() {
      await agora.logout();
      setUser(null);
    },
    reload,
    hasRole: (role) => Boolean(user?.roles?.includes(role)),
  }), [user, loading, reload]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error("useSession outside SessionProvider");
  }
  return session;
}
