/**
 * Commands whose payload holds a secret: never persisted on a client, never logged. A module
 * of its own, without the command schemas: the web client reads it as it opens a night.
 */
export const SECRET_COMMANDS: ReadonlySet<string> = new Set(['secret.set']);
