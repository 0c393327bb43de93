/** The name this browser goes by on every cutover, kept in its storage. */
const NAME_KEY = 'warroom.name';

export const readName = (): string | null => localStorage.getItem(NAME_KEY);
export const keepName = (name: string): void => localStorage.setItem(NAME_KEY, name);
export const forgetName = (): void => localStorage.removeItem(NAME_KEY);
