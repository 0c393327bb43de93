/**
 * The environment variable that gives the hub a secret by name, instead of storing it:
 * "slack-token" → WARROOM_SECRET_SLACK_TOKEN. The hub reads it (secrets/vault.ts); screens
 * name it, and learn from the hub's welcome which of them the hub was started with.
 */
export const secretEnvName = (name: string): string => `WARROOM_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** Every such variable starts so. */
export const SECRET_ENV_PREFIX = 'WARROOM_SECRET_';
