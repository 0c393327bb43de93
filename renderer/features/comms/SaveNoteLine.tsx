import type { SaveNote } from './useDestinationSave';

type SaveNoteLineProps = { note: SaveNote | null };

/** What happened to the last save, said where the Save button is. */
export function SaveNoteLine({ note }: SaveNoteLineProps) {
  return (
    <p className={`comms-saved${note ? (note.ok ? ' comms-saved--ok' : ' comms-saved--bad') : ''}`} role="status">
      {note?.text ?? ''}
    </p>
  );
}
