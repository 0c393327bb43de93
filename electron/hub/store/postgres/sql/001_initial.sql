-- Warroom hub store, schema version 1.
-- Applied by the hub at start (migrate.ts), inside one transaction, under an advisory lock so
-- that several hubs starting together apply it once. Every table is keyed by cutover id.

-- The cutovers this database holds; a hub opens every row at start and each new one on notice.
CREATE TABLE warroom_cutovers (
  id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The journal: one row per event. `event` is the event's JSON exactly as the file journal
-- holds it (text, not jsonb: jsonb would reorder its keys and the checksums would not hold);
-- `crc` is its CRC-32, as the file journal's "c". (cutover, seq) is the one order of the
-- night: a hub that loses the race to a seq gets a unique violation and catches up.
CREATE TABLE warroom_events (
  cutover text   NOT NULL REFERENCES warroom_cutovers (id),
  seq     bigint NOT NULL CHECK (seq >= 1),
  crc     bigint NOT NULL,
  event   text   NOT NULL,
  PRIMARY KEY (cutover, seq)
);

-- Command ids applied, written in the same transaction as their events: the same command
-- sent to two hubs at once commits on one of them only.
CREATE TABLE warroom_commands (
  cutover    text   NOT NULL REFERENCES warroom_cutovers (id),
  actor_id   text   NOT NULL,
  command_id text   NOT NULL,
  first_seq  bigint NOT NULL,
  PRIMARY KEY (cutover, actor_id, command_id)
);

-- The latest snapshot per cutover, in the file store's format 2 (snapshotFile.ts): checked
-- against the events' checksums before it is used.
CREATE TABLE warroom_snapshots (
  cutover  text   PRIMARY KEY REFERENCES warroom_cutovers (id),
  seq      bigint NOT NULL,
  snapshot text   NOT NULL
);

-- Invites: the SHA-256 of each token, never the token.
CREATE TABLE warroom_invites (
  cutover    text   NOT NULL REFERENCES warroom_cutovers (id),
  id         text   NOT NULL,
  role       text   NOT NULL,
  station    text   NOT NULL,
  label      text   NOT NULL,
  hash       text   NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  created_at bigint NOT NULL,
  revoked_at bigint,
  PRIMARY KEY (cutover, id)
);

-- The secrets vault: the same AES-256-GCM blob as secrets.enc (ciphertext only; the key is
-- WARROOM_SECRETS_KEY, which every hub on this database is given and the database never sees).
CREATE TABLE warroom_vault (
  id         smallint PRIMARY KEY CHECK (id = 1),
  ciphertext bytea    NOT NULL
);

-- Lag samples in batches, as samples.jsonl holds them (the batch JSON and its CRC-32).
CREATE TABLE warroom_sample_batches (
  cutover text      NOT NULL REFERENCES warroom_cutovers (id),
  id      bigserial NOT NULL,
  crc     bigint    NOT NULL,
  batch   text      NOT NULL,
  PRIMARY KEY (cutover, id)
);

-- The hubs' last sign of life per cutover (hub time, ms): after every hub was down, the
-- outage is put on the record from here, as heartbeat.json does for one hub.
CREATE TABLE warroom_heartbeats (
  cutover text   PRIMARY KEY REFERENCES warroom_cutovers (id),
  at      bigint NOT NULL
);

-- Keys the hubs share: the one that signs socket tickets, so any hub accepts another's.
CREATE TABLE warroom_hub_keys (
  name text  PRIMARY KEY,
  key  bytea NOT NULL
);
