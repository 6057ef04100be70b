import type { PublicUser } from '@cc/shared';
import { create } from 'zustand';

const STORAGE_KEY = 'cc.console.session';
type Session = { token: string; user: PublicUser };

function restore(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
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
