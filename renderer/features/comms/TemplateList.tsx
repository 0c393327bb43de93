import { useMemo, useState } from 'react';
import type { Template } from '@shared/comms';
import { templateGroups, type TemplateEntry } from './commsView';
import { newTemplate } from './composerView';
import { TemplateEditor } from './TemplateEditor';

type TemplateListProps = { entries: readonly TemplateEntry[] };

const SOURCE_WORDS = { default: 'built in', changed: 'changed for tonight', custom: 'your own' } as const;

/** The templates by moment, each with Edit; and a new one of the crew's own. */
export function TemplateList({ entries }: TemplateListProps) {
  const [editing, setEditing] = useState<{ template: Template; source: TemplateEntry['source'] | 'new' } | null>(null);
  const groups = useMemo(() => templateGroups(entries), [entries]);
  return (
    <>
      <details className="comms-fold">
        <summary>
          Templates <span className="hint">{entries.length} · edit the wording for tonight</span>
        </summary>
        <div className="comms-templates">
          {groups.map((g) => (
            <section key={g.moment} aria-label={g.label}>
              <h4>{g.label}</h4>
              <ul>
                {g.entries.map((e) => (
                  <li key={e.template.id}>
                    <span className="comms-templates__title">{e.template.title}</span>
                    <span className={`hint comms-templates__source comms-templates__source--${e.source}`}>{SOURCE_WORDS[e.source]}</span>
                    <button type="button" onClick={() => setEditing({ template: e.template, source: e.source })} aria-label={`Edit “${e.template.title}”`}>
                      Edit
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <button type="button" onClick={() => setEditing({ template: newTemplate(entries.map((e) => e.template.id)), source: 'new' })}>
            New template…
          </button>
        </div>
      </details>
      {editing && <TemplateEditor initial={editing.template} source={editing.source} onClose={() => setEditing(null)} />}
    </>
  );
}
