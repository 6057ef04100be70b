import type { PublicUser } from '@cc/shared';
import { create } from 'zustand';

const STORAGE_KEY = 'cc.agent.session';

interface Session {
  token: string;
  user: PublicUser;
}

interface SessionState {
  session: Session | null;
  /** Why the agent is looking at the sign-in form again, in words. */
  notice: string | null;
  signedIn(session: Session): void;
  signedOut(notice?: string): void;
}

function restore(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/** Who is signed in; kept in sessionStorage so a reload does not sign the agent out. */
const useSessionStore = create<SessionState>((set) => ({
  session: restore(),
  notice: null,
  signedIn(session) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    set({ session, notice: null });
  },
  signedOut(notice) {
    sessionStorage.removeItem(STORAGE_KEY);
    set({ session: null, notice: notice ?? null });
  },
}));

export const useSession = () => useSessionStore((s) => s.session);
export const useSignInNotice = () => useSessionStore((s) => s.notice);
export const sessionActions = {
  signedIn: (session: Session) => useSessionStore.getState().signedIn(session),
  signedOut: (notice?: string) => useSessionStore.getState().signedOut(notice),
};
