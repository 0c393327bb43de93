// For electron/tsconfig.json only, which has Node's types and no DOM: shared/ names the Web
// Crypto type as the DOM does (SubtleCrypto); in Node it is webcrypto's. The root tsconfig
// does not include this folder (it has the DOM's, and both would clash).
// A top-level `import type` would make this file a module and the name local, not global.
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
type SubtleCrypto = import('node:crypto').webcrypto.SubtleCrypto;
