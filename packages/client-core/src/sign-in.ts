import { ApiError, LoginResponse } from '@cc/shared';

export class SignInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** POST /api/auth/login; failures become a SignInError whose message can be shown as is. */
export async function signIn(username: string, password: string, origin = ''): Promise<LoginResponse> {
  let response: Response;
  try {
    response = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new SignInError('unavailable', 'The server cannot be reached. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ApiError.safeParse((body as { error?: unknown } | null)?.error);
    throw new SignInError(
      error.success ? error.data.code : 'internal',
      error.success ? error.data.message : `Sign-in failed (HTTP ${response.status}).`,
    );
  }
  const parsed = LoginResponse.safeParse(body);
  if (!parsed.success) throw new SignInError('internal', 'The server sent an unexpected answer.');
  return parsed.data;
}
