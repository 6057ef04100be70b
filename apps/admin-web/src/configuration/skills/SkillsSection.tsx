import type { Skill } from '@cc/shared';
import type { ConfigApi } from '../api/config-api.ts';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { FieldGroup, TextAreaField, TextField } from '../forms/fields.tsx';
import { useEntityEditor } from '../forms/use-entity-editor.ts';
import { ListSection } from '../ListSection.tsx';
import { allOf } from '../use-loaded.ts';
import { editSkillForm, newSkillForm, validateNewSkill, validateSkillChange } from './skill-form.ts';

export function SkillsSection({ api, access }: SectionProps) {
  return (
    <ListSection
      section="Skills"
      description="Languages, products, expertise. Give agents a level in each; queues can require a minimum level."
      access={access}
      load={() => allOf({ skills: api.skills.list(), users: api.users.list(), queues: api.queues.list() })}
      items={(d) => d.skills}
      createLabel="New skill"
      emptyText="No skills yet."
      columns={['Skill', 'Description', 'Agents', 'Required by']}
      rowKey={(s) => s.id}
      nameOf={(s) => s.name}
      cells={(s, { users, queues }) => {
        const holders = users.filter((u) => u.skills.some((k) => k.skillId === s.id)).length;
        const requiring = queues.filter((q) => q.requiredSkills.some((r) => r.skillId === s.id)).map((q) => q.displayName);
        return (
          <>
            <th scope="row">
              <span className="primary-text">{s.name}</span>
            </th>
            <td>{s.description || <span className="muted">—</span>}</td>
            <td>{holders}</td>
            <td>{requiring.length ? requiring.join(', ') : <span className="muted">No queue</span>}</td>
          </>
        );
      }}
      editor={({ item, onClose, onDone }) => <SkillEditor api={api} skill={item} onClose={onClose} onDone={onDone} />}
    />
  );
}

function SkillEditor({ api, skill, onClose, onDone }: { api: ConfigApi; skill: Skill | null; onClose: () => void; onDone: (notice: string) => void }) {
  const { values, set, dialog } = useEntityEditor({
    item: skill,
    endpoints: api.skills,
    keyOf: (s) => s.id,
    form: { blank: newSkillForm, of: editSkillForm, validateNew: validateNewSkill, validateChange: validateSkillChange },
    nameOf: (s) => s.name,
    labels: { new: 'New skill', create: 'Create skill', delete: 'Delete skill' },
    notices: { created: (v) => `Skill ${v.name.trim()} created.`, saved: (v) => `Skill ${v.name.trim()} saved.`, deleted: (s) => `Skill ${s.name} deleted.` },
    onClose,
    onDone,
  });
  return (
    <EditorDialog {...dialog} subtitle={skill ? 'Renaming keeps every agent\'s level and every queue\'s requirement.' : null}>
      <FieldGroup legend="Skill">
        <TextField name="name" label="Skill name" value={values.name} onChange={set('name')} hint="Letters, digits, space, dot, dash or underscore, e.g. spanish or billing." wide />
        <TextAreaField name="description" label="Description" value={values.description} onChange={set('description')} hint="Optional: what it covers, up to 500 characters." />
      </FieldGroup>
    </EditorDialog>
  );
}
