/** Offers text as a file without a server: it never leaves this computer. */
export function downloadText(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a title: accents dropped, cut on a word boundary (the archive's own rule). */
export { slugify as slug } from '@shared/archive';
