import { ConsoleShell } from './ConsoleShell.tsx';
import { SignInPage } from './SignInPage.tsx';
import { useSession } from './session-store.ts';

export function App() {
  const session = useSession();
  return session ? <ConsoleShell user={session.user} /> : <SignInPage />;
}
