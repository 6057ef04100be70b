import { type ReactNode, useState } from 'react';
import type { ConfigurationSection, SectionAccess } from './access.ts';
import { EmptyList, SectionFrame } from './SectionFrame.tsx';
import { useLoaded } from './use-loaded.ts';

/** What a section's editor is given: the thing to edit (null: a new one) and how to finish. */
export interface EditorSlot<Data, Item> {
  item: Item | null;
  /** Everything the section loaded (the editor's choices: teams, queues, skills…). */
  data: Data;
  readOnly: boolean;
  onClose: () => void;
  /** After a save or delete: closes the editor, announces `notice` and loads the list again. */
  onDone: (notice: string) => void;
}

interface ListSectionProps<Data, Item> {
  section: ConfigurationSection;
  description: string;
  access: SectionAccess;
  /** Fetches the list with whatever its table and editor need besides. */
  load: () => Promise<Data>;
  /** The things listed, out of what was loaded. */
  items: (data: Data) => readonly Item[];
  createLabel: string;
  /** Why nothing can be created yet (no queues to send a number to), if so. */
  createBlockedReason?: (data: Data) => string | null;
  /** What an empty list says, with what to do about it. */
  emptyText: string;
  /** The visible column titles; an "Actions" column follows them. */
  columns: readonly string[];
  rowKey: (item: Item) => string;
  rowClassName?: (item: Item) => string | undefined;
  /** The name in a row's button ("Edit Billing", "View Support"). */
  nameOf: (item: Item) => string;
  /** A row's cells: its `<th scope="row">`, then a `<td>` per further column. */
  cells: (item: Item, data: Data) => ReactNode;
  editor: (slot: EditorSlot<Data, Item>) => ReactNode;
}

/**
 * A configuration section that lists things in a table and edits one at a time: it loads
 * the list, opens the editor from "New …" or a row's button (Edit, or View for those
 * who may only read), and after a save or delete announces it and loads the list again.
 */
export function ListSection<Data, Item>(props: ListSectionProps<Data, Item>) {
  const { section, description, access, load, items, createLabel, createBlockedReason, emptyText, columns, rowKey, rowClassName, nameOf, cells, editor } = props;
  const { loaded, reload } = useLoaded(load);
  // null: no editor open; { item: null }: creating one.
  const [editing, setEditing] = useState<{ item: Item | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setEditing(null);
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    reload();
  };
  const verb = access === 'edit' ? 'Edit' : 'View';

  return (
    <SectionFrame
      section={section}
      description={description}
      access={access}
      loaded={loaded}
      createLabel={createLabel}
      onCreate={() => setEditing({ item: null })}
      createBlockedReason={loaded.state === 'ready' ? (createBlockedReason?.(loaded.data) ?? null) : null}
      notice={notice}
      count={(data) => items(data).length}
    >
      {(data) => (
        <>
          {items(data).length === 0 ? (
            <EmptyList>{emptyText}</EmptyList>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    {columns.map((title) => (
                      <th scope="col" key={title}>
                        {title}
                      </th>
                    ))}
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items(data).map((item) => (
                    <tr key={rowKey(item)} className={rowClassName?.(item)}>
                      {cells(item, data)}
                      <td className="row-actions">
                        <button type="button" className="secondary" aria-label={`${verb} ${nameOf(item)}`} onClick={() => setEditing({ item })}>
                          {verb}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {editing && editor({ item: editing.item, data, readOnly: access !== 'edit', onClose: close, onDone: done })}
        </>
      )}
    </SectionFrame>
  );
}
