import type { Skill } from '@cc/shared';
import { useState } from 'react';
import type { ConfigApi } from '../api/config-api.ts';
import type { SectionProps } from '../ConfigurationPage.tsx';
import { EditorDialog } from '../forms/EditorDialog.tsx';
import { FieldGroup, TextAreaField, TextField } from '../forms/fields.tsx';
import { useSubmission } from '../forms/use-submission.ts';
import { EmptyList, SectionFrame } from '../SectionFrame.tsx';
import { useLoaded } from '../use-loaded.ts';
import { editSkillForm, newSkillForm, type SkillFormValues, validateNewSkill, validateSkillChange } from './skill-form.ts';

type Editing = { kind: 'new' } | { kind: 'edit'; skill: Skill } | null;

export function SkillsSection({ api, access }: SectionProps) {
  const { loaded, reload } = useLoaded(async () => {
    const [skills, users, queues] = await Promise.all([api.skills.list(), api.users.list(), api.queues.list()]);
    return { skills, users, queues };
  });
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    reload();
  };

  return (
    <SectionFrame
      section="Skills"
      description="Languages, products, expertise. Give agents a level in each; queues can require a minimum level."
      access={access}
      loaded={loaded}
      createLabel="New skill"
      onCreate={() => setEditing({ kind: 'new' })}
      notice={notice}
      count={(d) => d.skills.length}
    >
      {({ skills, users, queues }) => (
        <>
          {skills.length === 0 ? (
            <EmptyList>No skills yet.</EmptyList>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Skill</th>
                    <th scope="col">Description</th>
                    <th scope="col">Agents</th>
                    <th scope="col">Required by</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {skills.map((s) => {
                    const holders = users.filter((u) => u.skills.some((k) => k.skillId === s.id)).length;
                    const requiring = queues.filter((q) => q.requiredSkills.some((r) => r.skillId === s.id)).map((q) => q.displayName);
                    return (
                      <tr key={s.id}>
                        <th scope="row">
                          <span className="primary-text">{s.name}</span>
                        </th>
                        <td>{s.description || <span className="muted">—</span>}</td>
                        <td>{holders}</td>
                        <td>{requiring.length ? requiring.join(', ') : <span className="muted">No queue</span>}</td>
                        <td className="row-actions">
                          <button type="button" className="secondary" aria-label={`Edit ${s.name}`} onClick={() => setEditing({ kind: 'edit', skill: s })}>
                            Edit
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {editing && <SkillEditor api={api} skill={editing.kind === 'edit' ? editing.skill : null} onClose={() => setEditing(null)} onDone={done} />}
        </>
      )}
    </SectionFrame>
  );
}

function SkillEditor({ api, skill, onClose, onDone }: { api: ConfigApi; skill: Skill | null; onClose: () => void; onDone: (notice: string) => void }) {
  const [values, setValues] = useState<SkillFormValues>(() => (skill ? editSkillForm(skill) : newSkillForm()));
  const submission = useSubmission();
  const save = () => {
    const name = values.name.trim();
    if (skill) submission.save(validateSkillChange(skill, values), (patch) => api.skills.update(skill.id, patch), () => onDone(`Skill ${name} saved.`));
    else submission.save(validateNewSkill(values), (input) => api.skills.create(input), () => onDone(`Skill ${name} created.`));
  };
  return (
    <EditorDialog
      title={skill ? `Edit ${skill.name}` : 'New skill'}
      subtitle={skill ? 'Renaming keeps every agent\'s level and every queue\'s requirement.' : null}
      errors={submission.errors}
      problem={submission.problem}
      busy={submission.busy}
      readOnly={false}
      submitLabel={skill ? 'Save changes' : 'Create skill'}
      onSubmit={save}
      onClose={onClose}
      onDelete={skill ? () => submission.remove(() => api.skills.remove(skill.id), () => onDone(`Skill ${skill.name} deleted.`)) : undefined}
      deleteLabel="Delete skill"
    >
      <FieldGroup legend="Skill">
        <TextField name="name" label="Skill name" value={values.name} onChange={(name) => setValues((v) => ({ ...v, name }))} hint="Letters, digits, space, dot, dash or underscore, e.g. spanish or billing." wide />
        <TextAreaField name="description" label="Description" value={values.description} onChange={(description) => setValues((v) => ({ ...v, description }))} hint="Optional: what it covers, up to 500 characters." />
      </FieldGroup>
    </EditorDialog>
  );
}
