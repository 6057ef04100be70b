import { type Dispatch, type SetStateAction, useState } from 'react';
import type { EditorDialogProps } from './EditorDialog.tsx';
import { useSubmission } from './use-submission.ts';
import type { Validated } from './validation.ts';

/** The endpoints of one kind of thing (a part of config-api.ts: users, queues…). */
export interface EntityEndpoints<Input, Patch> {
  create: (input: Input) => Promise<unknown>;
  /** `key` is how the API addresses it: an id, or a phone number's number. */
  update: (key: string, patch: Patch) => Promise<unknown>;
  remove: (key: string) => Promise<unknown>;
}

/** A form module's four functions (skill-form.ts and its siblings). */
export interface EntityForm<Item, Values, Input, Patch> {
  blank: () => Values;
  of: (item: Item) => Values;
  validateNew: (values: Values) => Validated<Input>;
  validateChange: (item: Item, values: Values) => Validated<Patch>;
}

interface EntityEditorOptions<Item, Values, Input, Patch> {
  /** null: a new one. */
  item: Item | null;
  endpoints: EntityEndpoints<Input, Patch>;
  keyOf: (item: Item) => string;
  form: EntityForm<Item, Values, Input, Patch>;
  /** The name in the title: "Edit Billing", or "Billing" alone when read-only. */
  nameOf: (item: Item) => string;
  /** The title for a new one, and the words on its create and delete buttons. */
  labels: { new: string; create: string; delete: string };
  /** What is announced after each outcome ("Skill billing created."). */
  notices: { created: (values: Values) => string; saved: (values: Values) => string; deleted: (item: Item) => string };
  /** A supervisor looking at a queue: every control disabled, nothing to save. */
  readOnly?: boolean;
  onClose: () => void;
  onDone: (notice: string) => void;
}

type DialogProps = Omit<EditorDialogProps, 'subtitle' | 'deleteBlockedReason' | 'children'>;

/**
 * The state and actions of a create/edit form for one thing: its values, and the
 * EditorDialog props that save it (create or a PATCH of the changes, after the shared
 * schema passes) or delete it, then report the outcome through `onDone`.
 */
export function useEntityEditor<Item, Values, Input, Patch>(options: EntityEditorOptions<Item, Values, Input, Patch>): {
  values: Values;
  setValues: Dispatch<SetStateAction<Values>>;
  /** A field's onChange: `set('name')`. */
  set: <K extends keyof Values>(key: K) => (value: Values[K]) => void;
  dialog: DialogProps;
} {
  const { item, endpoints, keyOf, form, nameOf, labels, notices, readOnly = false, onClose, onDone } = options;
  const [values, setValues] = useState<Values>(() => (item ? form.of(item) : form.blank()));
  const submission = useSubmission();

  const save = () => {
    if (item) submission.save(form.validateChange(item, values), (patch) => endpoints.update(keyOf(item), patch), () => onDone(notices.saved(values)));
    else submission.save(form.validateNew(values), (input) => endpoints.create(input), () => onDone(notices.created(values)));
  };

  return {
    values,
    setValues,
    set: (key) => (value) => setValues((v) => ({ ...v, [key]: value })),
    dialog: {
      title: item ? (readOnly ? nameOf(item) : `Edit ${nameOf(item)}`) : labels.new,
      errors: submission.errors,
      problem: submission.problem,
      busy: submission.busy,
      readOnly,
      submitLabel: item ? 'Save changes' : labels.create,
      onSubmit: save,
      onClose,
      onDelete: item ? () => submission.remove(() => endpoints.remove(keyOf(item)), () => onDone(notices.deleted(item))) : undefined,
      deleteLabel: labels.delete,
    },
  };
}
