import { useMemo, useState } from 'react';
import { draftPostmortem, postmortemHtml } from '@shared/postmortem';
import { downloadText as download, slug } from './download';
import type { LoadedNight } from './ReviewRoute';

/** The postmortem, drafted from the record and edited by people before it goes out. */
export function PostmortemPanel({ night }: { night: LoadedNight }) {
  const title = night.state.info?.title ?? 'Cutover';
  const draft = useMemo(() => draftPostmortem({ state: night.state, events: night.events, samples: night.samples }), [night]);
  const [text, setText] = useState(draft);
  const [pdf, setPdf] = useState<string | null>(null);
  const name = `${slug(title)}-postmortem`;
  return (
    <section className="postmortem" aria-label="Postmortem">
      <div className="postmortem__actions">
        <button type="button" onClick={() => download(text, 'text/markdown', `${name}.md`)}>
          Download Markdown
        </button>
        <button type="button" onClick={() => download(postmortemHtml(text, title), 'text/html', `${name}.html`)}>
          Download HTML
        </button>
        {window.warroom && (
          <button
            type="button"
            onClick={() =>
              void window.warroom!.postmortem.pdf({ html: postmortemHtml(text, title) }).then((r) => setPdf(r.saved ? `Saved ${r.path}` : r.reason))
            }
          >
            Save as PDF
          </button>
        )}
        {text !== draft && (
          <button type="button" onClick={() => setText(draft)}>
            Back to the draft
          </button>
        )}
      </div>
      {pdf && (
        <p className="hint" role="status">
          {pdf}
        </p>
      )}
      <textarea className="postmortem__text" aria-label="Postmortem text" value={text} onChange={(e) => setText(e.target.value)} spellCheck />
    </section>
  );
}
