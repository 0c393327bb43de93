import { useMemo } from 'react';
import { mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { BannerNow } from './BannerNow';
import { CommsSetup } from './CommsSetup';
import { mergedTemplates, senderStatus } from './commsView';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TemplateList } from './TemplateList';

type CommsPanelProps = { hub: string };

/** The Comms side tab: set-up and templates folded away, the composer, and every update sent. */
export function CommsPanel({ hub }: CommsPanelProps) {
  const saved = useCutover((s) => s.state.comms.templates);
  const role = useMyRole();
  const maySend = useCutover((s) => senderStatus(s.state, s.member).may);
  const entries = useMemo(() => mergedTemplates(saved), [saved]);
  return (
    <section className="comms" aria-label="Comms">
      {role === 'lead' && <CommsSetup hub={hub} />}
      {mayIssue(role, 'template.save') && <TemplateList entries={entries} />}
      {/* Those who only read along come for the updates: theirs come first, the composer after. */}
      {maySend && <Composer entries={entries} />}
      <h3 className="comms__heading">Updates</h3>
      <BannerNow />
      <MessageList entries={entries} canAct={maySend} />
      {!maySend && <Composer entries={entries} />}
    </section>
  );
}
