import type { TemplateGroup } from './commsView';

type TemplatePickerProps = { groups: readonly TemplateGroup[]; value: string | null; onChange: (templateId: string | null) => void };

/** The templates by moment of the night; a changed built-in one says so. */
export function TemplatePicker({ groups, value, onChange }: TemplatePickerProps) {
  return (
    <label className="field">
      <span>Template</span>
      <select data-testid="comms-template" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">None: write your own</option>
        {groups.map((g) => (
          <optgroup key={g.moment} label={g.label}>
            {g.entries.map(({ template, source }) => (
              <option key={template.id} value={template.id}>
                {template.title}
                {source === 'changed' ? ' (changed for tonight)' : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
