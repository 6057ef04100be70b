import { useState } from 'react';
import { ApiRequestError } from '../api/api-request-error.ts';
import type { FieldErrors } from './field-errors.ts';
import type { Validated } from './validation.ts';

/**
 * The state of one editor's save or delete: the field errors (ours or the server's 400),
 * a problem with the whole form (a 409, the network), and whether a request is out.
 */
export function useSubmission() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(request: () => Promise<unknown>, onDone: () => void) {
    setBusy(true);
    setProblem(null);
    try {
      await request();
      onDone();
    } catch (error) {
      if (error instanceof ApiRequestError) {
        setErrors(error.fieldErrors);
        setProblem(attentionText(error.fieldErrors) ?? error.message);
      } else {
        setProblem(error instanceof Error ? error.message : 'Something went wrong.');
      }
    } finally {
      setBusy(false);
    }
  }

  return {
    errors,
    problem,
    busy,
    /** Sends `validated` if the form passed the shared schema; shows its errors if not (nothing is sent). */
    save<T>(validated: Validated<T>, send: (value: T) => Promise<unknown>, onDone: () => void) {
      if (!validated.ok) {
        setErrors(validated.errors);
        setProblem(attentionText(validated.errors));
        return;
      }
      setErrors({});
      void run(() => send(validated.value), onDone);
    },
    remove(send: () => Promise<unknown>, onDone: () => void) {
      setErrors({});
      void run(send, onDone);
    },
  };
}

/** "2 fields need attention." for errors tied to fields; null when none is. */
function attentionText(errors: FieldErrors): string | null {
  const count = Object.keys(errors).filter((key) => key !== '').length;
  if (count === 0) return null;
  return count === 1 ? 'One field needs attention: see the message next to it.' : `${count} fields need attention: see the messages next to them.`;
}
