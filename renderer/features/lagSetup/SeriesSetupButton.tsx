import { useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { useMyRole } from '../../connection/cutoverStore';
import { lazyComponent, usePreloadWhenIdle } from '../../lib/lazyComponent';

/** The dialog's code (the sources' forms) loads when it is first opened: the button is on the first view, the dialog is not. */
const SeriesSetupDialog = lazyComponent(() => import('./SeriesSetupDialog').then((m) => m.SeriesSetupDialog));

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
