import { useRef, useState, type FormEvent } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { parseIdList, SECRET_NAMES } from './commsView';
import { SaveNoteLine } from './SaveNoteLine';
import { SecretField } from './SecretField';
import { TestConnection } from './TestConnection';
import { useDestinationSave } from './useDestinationSave';

/** An Atlassian Statuspage: the page, its components, the API key (stored as "statuspage-key"). */
export function StatuspageSetup() {
  const page = useCutover((s) => s.state.comms.config.statuspage);
  const stored = useCutover((s) => s.state.secretNames.includes(SECRET_NAMES.statuspage));
  const [pageId, setPageId] = useState(page?.pageId ?? '');
  const [components, setComponents] = useState(page?.componentIds.join(', ') ?? '');
  const [apiBase, setApiBase] = useState(page?.apiBase ?? '');
  const key = useRef<HTMLInputElement>(null);
  const { busy, note, configure } = useDestinationSave();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const statuspage = {
      pageId: pageId.trim(),
      componentIds: parseIdList(components),
      apiKeySecret: SECRET_NAMES.statuspage,
      ...(apiBase.trim() ? { apiBase: apiBase.trim() } : {}),
    };
    void configure((c) => ({ ...c, statuspage }), [{ name: SECRET_NAMES.statuspage, input: key.current }]);
  };

  return (
    <form className="comms-setup__dest" aria-label="Status page" onSubmit={save}>
      <h4>Status page {page && <span className="comms-setup__on">set up: {page.pageId}</span>}</h4>
      <label className="field">
        <span>Page id</span>
        <input value={pageId} onChange={(e) => setPageId(e.target.value)} required maxLength={64} placeholder="From the page’s API settings" />
      </label>
      <label className="field">
        <span>Component ids, comma-separated</span>
        <input value={components} onChange={(e) => setComponents(e.target.value)} placeholder="Optional: the components under maintenance" />
      </label>
      <SecretField label="API key" name={SECRET_NAMES.statuspage} stored={stored} inputRef={key} placeholder="From your Statuspage profile" />
      <label className="field">
        <span>API base URL (optional)</span>
        <input type="url" value={apiBase} onChange={(e) => setApiBase(e.target.value)} placeholder="https://api.statuspage.io/v1" />
      </label>
      <div className="comms-setup__actions">
        <button type="submit" className="primary" disabled={busy || !pageId.trim()}>
          {busy ? 'Saving…' : 'Save status page'}
        </button>
        <TestConnection destination="statuspage" configured={page !== null} />
        {page && (
          <button type="button" className="danger" disabled={busy} onClick={() => void configure((c) => ({ ...c, statuspage: null }))}>
            Turn off
          </button>
        )}
      </div>
      <SaveNoteLine note={note} />
    </form>
  );
}
