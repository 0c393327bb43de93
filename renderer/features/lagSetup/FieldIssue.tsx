import type { FormIssue } from './formIssues';

type FieldIssueProps = { issue: FormIssue | null; field: string };

/** The form's first problem, shown next to the field it belongs to. */
export function FieldIssue({ issue, field }: FieldIssueProps) {
  if (issue?.field !== field) return null;
  return (
    <p className="error series-issue" role="alert" data-testid="series-issue" data-field={field}>
      {issue.message}
    </p>
  );
}
