import { Desktop } from './Desktop.tsx';
import { SignInForm } from './session/SignInForm.tsx';
import { useSession } from './session/session-store.ts';

export function App() {
  const session = useSession();
  return session ? <Desktop token={session.token} user={session.user} /> : <SignInForm />;
}
