import { useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { useMyRole } from '../../connection/cutoverStore';
import { usePreloadWhenIdle } from '../../lib/lazyComponent';
import { SeriesSetupDialog } from './lazyDialog';

type SeriesSetupButtonProps = { label?: string };

/** Opens the dialog that adds a lag series; only for those who may define one (lead, operator). */
export function SeriesSetupButton({ label = 'Add lag series…' }: SeriesSetupButtonProps) {
  const role = useMyRole();
  const [open, setOpen] = useState(false);
  const may = mayIssue(role, 'series.define');
  usePreloadWhenIdle(may && SeriesSetupDialog);
  if (!may) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="series-setup-open">
        {label}
      </button>
      {open && <SeriesSetupDialog onClose={() => setOpen(false)} />}
    </>
  );
}
