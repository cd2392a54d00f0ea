// Numbered schema migrations. Append only: a shipped migration is never edited, so any
// home folder can be brought forward from whatever version it was left at.
export const MIGRATIONS: readonly string[] = [
  // 1: services, immutable versions, tokens, events, access keys
  `CREATE TABLE services (
     name TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     message TEXT NOT NULL DEFAULT '',
     desired TEXT NOT NULL CHECK (desired IN ('running','stopped')),
     instance INTEGER NOT NULL CHECK (instance >= 0),
     current_version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE versions (
     service TEXT NOT NULL,
     version INTEGER NOT NULL,
     spec TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     PRIMARY KEY (service, version)
   );
   CREATE TABLE tokens (
     service TEXT NOT NULL,
     token TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (service, token)
   );
   CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     service TEXT NOT NULL,
     at TEXT NOT NULL,
     level TEXT NOT NULL,
     reason TEXT NOT NULL,
     message TEXT NOT NULL,
     instance TEXT
   );
   CREATE INDEX events_by_service ON events (service, id);
   CREATE TABLE access_keys (
     id TEXT PRIMARY KEY,
     secret TEXT NOT NULL,
     created_at TEXT NOT NULL
   );`,
];
