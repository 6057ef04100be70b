import { PublicUser } from '@cc/shared';
import { create } from 'zustand';

const STORAGE_KEY = 'cc.console.session';
type Session = { token: string; user: PublicUser };

function restore(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as { token?: unknown; user?: unknown };
    const user = PublicUser.safeParse(stored.user);
    // Only supervisors and admins are let in (SignInPage); a stored agent session is not restored.
    if (typeof stored.token !== 'string' || !user.success || user.data.role === 'agent') return null;
    return { token: stored.token, user: user.data };
  } catch {
    return null;
  }
}

const useSessionStore = create<{ session: Session | null }>(() => ({ session: restore() }));

export const useSession = () => useSessionStore((s) => s.session);
export const sessionActions = {
  signedIn(session: Session) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    useSessionStore.setState({ session });
  },
  signedOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    useSessionStore.setState({ session: null });
  },
};
