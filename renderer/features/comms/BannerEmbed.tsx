import { useState } from 'react';
import { safeHttpUrl } from './deliveryView';

type BannerEmbedProps = { hub: string; cutoverId: string };

/** How the customers' site shows the banner: one script tag pointing at this hub. */
export function BannerEmbed({ hub, cutoverId }: BannerEmbedProps) {
  const [copied, setCopied] = useState(false);
  const base = safeHttpUrl(hub);
  if (!base) return null;
  const origin = new URL(base).origin;
  const tag = `<script src="${origin}/banner.js" data-cutover="${cutoverId}" async></script>`;
  const copy = () =>
    void navigator.clipboard?.writeText(tag).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <section className="comms-setup__dest" aria-label="Customer banner">
      <h4>
        Customer banner <span className="comms-setup__on">always on</span>
      </h4>
      <p className="hint">
        Your site shows the latest banner line with this tag, at the top of the page, pushing the page down rather than covering its header; add{' '}
        <code>data-target="#your-slot"</code> to put it in an element of your own. After the night ends the last line stays up for the time set below, then goes
        by itself. The hub must be reachable from your customers’ browsers.
      </p>
      <code className="comms-embed">{tag}</code>
      <div className="comms-setup__actions">
        <button type="button" onClick={copy}>
          {copied ? 'Copied ✓' : 'Copy the tag'}
        </button>
        <a href={`${origin}/banner/${cutoverId}.json`} target="_blank" rel="noopener noreferrer">
          What it serves now
        </a>
      </div>
    </section>
  );
}
