import { previewLines } from './composerView';

type MessageTextProps = { text: string; missing: readonly string[] };

/** A message as Slack will show it: *bold* bold, line breaks kept, unknown variables marked. */
export function MessageText({ text, missing }: MessageTextProps) {
  const lines = previewLines(text, missing);
  return (
    <>
      {lines.map((segments, i) => (
        <span key={i} className="comms-line">
          {segments.map((s, j) => {
            const body = s.missing ? <mark className="comms-unknown">{s.text}</mark> : s.text;
            return s.bold ? <strong key={j}>{body}</strong> : <span key={j}>{body}</span>;
          })}
        </span>
      ))}
    </>
  );
}
