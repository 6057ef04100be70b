import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { FieldErrors } from './field-errors.ts';
import { FormScopeProvider } from './fields.tsx';

export interface EditorDialogProps {
  title: string;
  /** One line under the title: what is being edited, or why it is read-only. */
  subtitle?: string | null;
  errors: FieldErrors;
  /** A problem with the whole form (a 409, the network), shown above the buttons. */
  problem: string | null;
  busy: boolean;
  readOnly: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  /** Present when the thing can be deleted; runs after the person confirms. */
  onDelete?: (() => void) | undefined;
  deleteLabel?: string;
  /** Why deleting is not offered (your own account), shown instead of the button. */
  deleteBlockedReason?: string | null;
  children: ReactNode;
}

/**
 * A create/edit form in a modal <dialog>: focus stays inside, Escape closes it, and the
 * page behind is inert. On a failed submit the first invalid field takes focus.
 */
export function EditorDialog(props: EditorDialogProps) {
  const { title, subtitle, errors, problem, busy, readOnly, submitLabel, onSubmit, onClose, onDelete, deleteLabel = 'Delete', deleteBlockedReason, children } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const idPrefix = useId().replaceAll(':', '');
  const titleId = `${idPrefix}-title`;
  const problemId = `${idPrefix}-problem`;
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    // The button that opened the editor gets focus back when it goes (React removes the
    // element before this cleanup runs, so the dialog's own focus return cannot).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('.editor-body :is(input, select, textarea):not(:disabled)')?.focus();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  // After a refused submit, take the person to the first field that needs attention.
  // The first in the order the form is read, whichever order the problems were found in.
  useEffect(() => {
    if (Object.keys(errors).some((key) => key !== '')) dialogRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!readOnly && !busy) onSubmit();
  };
  const formProblem = problem ?? errors[''] ?? null;

  return (
    <dialog
      ref={dialogRef}
      className="editor"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <header className="editor-head">
          <div>
            <h2 id={titleId}>{title}</h2>
            {subtitle && <p className="muted editor-subtitle">{subtitle}</p>}
          </div>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="editor-body">
          <FormScopeProvider scope={{ idPrefix, errors, readOnly }}>{children}</FormScopeProvider>
        </div>
        <footer className="editor-foot">
          {formProblem && (
            <p id={problemId} role="alert" className="form-problem">
              {formProblem}
            </p>
          )}
          <div className="editor-actions">
            {onDelete && !readOnly && !confirmingDelete && !deleteBlockedReason && (
              <button type="button" className="danger-outline" onClick={() => setConfirmingDelete(true)} disabled={busy}>
                {deleteLabel}
              </button>
            )}
            {deleteBlockedReason && !readOnly && <p className="muted delete-blocked">{deleteBlockedReason}</p>}
            {confirmingDelete && onDelete && (
              <div className="confirm" role="group" aria-label="Confirm deletion">
                <span>This cannot be undone.</span>
                <button type="button" className="danger" onClick={onDelete} disabled={busy} autoFocus>
                  {`Yes, ${deleteLabel.toLowerCase()}`}
                </button>
                <button type="button" onClick={() => setConfirmingDelete(false)} disabled={busy}>
                  Keep it
                </button>
              </div>
            )}
            <span className="spacer" />
            <button type="button" onClick={onClose}>
              {readOnly ? 'Close' : 'Cancel'}
            </button>
            {!readOnly && (
              <button type="submit" className="primary" disabled={busy}>
                {busy ? 'Saving…' : submitLabel}
              </button>
            )}
          </div>
        </footer>
      </form>
    </dialog>
  );
}
