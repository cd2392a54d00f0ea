// SQLite store (better-sqlite3, WAL). Every write is one synchronous statement or one
// transaction with synchronous=FULL, so a kill -9 of the server loses nothing that a
// caller was told had been stored.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations.js";
import type { AccessKeyRow, EventRow, NewEvent, ServiceRow, TokenRow, VersionRow } from "./types.js";

type Db = Database.Database;
type ServicePatch = Partial<Omit<ServiceRow, "name" | "created_at">>;

const SERVICE_COLUMNS = ["status", "message", "desired", "instance", "current_version", "updated_at"] as const;

export class Store {
  private constructor(private readonly db: Db) {}

  static open(file: string): Store {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db);
    return new Store(db);
  }

  /** Schema version after migrations (for tests and diagnostics). */
  schemaVersion(): number {
    return Number(this.db.pragma("user_version", { simple: true }));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  readonly services = {
    insert: (row: ServiceRow): void => {
      this.db
        .prepare(
          `INSERT INTO services (name,status,message,desired,instance,current_version,created_at,updated_at)
           VALUES (@name,@status,@message,@desired,@instance,@current_version,@created_at,@updated_at)`,
        )
        .run(row);
    },
    get: (name: string): ServiceRow | undefined => this.db.prepare("SELECT * FROM services WHERE name = ?").get(name) as ServiceRow | undefined,
    list: (): ServiceRow[] => this.db.prepare("SELECT * FROM services ORDER BY created_at, name").all() as ServiceRow[],
    update: (name: string, patch: ServicePatch): void => {
      const full: ServicePatch = { ...patch, updated_at: patch.updated_at ?? new Date().toISOString() };
      const cols = SERVICE_COLUMNS.filter((c) => full[c] !== undefined);
      const sets = cols.map((c) => `${c} = @${c}`).join(", ");
      const params: Record<string, unknown> = { name };
      for (const c of cols) params[c] = full[c];
      this.db.prepare(`UPDATE services SET ${sets} WHERE name = @name`).run(params);
    },
    /** Removes the service and everything that belongs to it. */
    delete: (name: string): void => {
      this.transaction(() => {
        for (const t of ["versions", "tokens", "events"]) this.db.prepare(`DELETE FROM ${t} WHERE service = ?`).run(name);
        this.db.prepare("DELETE FROM services WHERE name = ?").run(name);
      });
    },
  };

  readonly versions = {
    /** Appends an immutable version; returns its number (1, 2, ...). */
    insert: (service: string, spec: Record<string, unknown>, note: string): number =>
      this.transaction(() => {
        const last = this.db.prepare("SELECT MAX(version) AS v FROM versions WHERE service = ?").get(service) as { v: number | null };
        const version = (last.v ?? 0) + 1;
        this.db
          .prepare("INSERT INTO versions (service,version,spec,note,created_at) VALUES (?,?,?,?,?)")
          .run(service, version, JSON.stringify(spec), note, new Date().toISOString());
        return version;
      }),
    get: (service: string, version: number): VersionRow | undefined => {
      const r = this.db.prepare("SELECT * FROM versions WHERE service = ? AND version = ?").get(service, version) as RawVersion | undefined;
      return r && toVersion(r);
    },
    list: (service: string): VersionRow[] =>
      (this.db.prepare("SELECT * FROM versions WHERE service = ? ORDER BY version").all(service) as RawVersion[]).map(toVersion),
    latest: (service: string): VersionRow | undefined => {
      const r = this.db.prepare("SELECT * FROM versions WHERE service = ? ORDER BY version DESC LIMIT 1").get(service) as RawVersion | undefined;
      return r && toVersion(r);
    },
  };

  readonly tokens = {
    add: (service: string, token: string): void => {
      this.db.prepare("INSERT OR IGNORE INTO tokens (service,token,created_at) VALUES (?,?,?)").run(service, token, new Date().toISOString());
    },
    list: (service: string): TokenRow[] => this.db.prepare("SELECT * FROM tokens WHERE service = ? ORDER BY created_at, rowid").all(service) as TokenRow[],
    primary: (service: string): string | undefined => this.tokens.list(service)[0]?.token,
    remove: (service: string, token: string): void => {
      this.db.prepare("DELETE FROM tokens WHERE service = ? AND token = ?").run(service, token);
    },
  };

  readonly events = {
    append: (e: NewEvent): number => {
      const r = this.db
        .prepare("INSERT INTO events (service,at,level,reason,message,instance) VALUES (?,?,?,?,?,?)")
        .run(e.service, new Date().toISOString(), e.level, e.reason, e.message, e.instance ?? null);
      return Number(r.lastInsertRowid);
    },
    /** Newest `limit` events after `afterId`, oldest first. */
    list: (service: string, opts: { limit?: number; afterId?: number } = {}): EventRow[] => {
      const rows = this.db
        .prepare("SELECT * FROM events WHERE service = ? AND id > ? ORDER BY id DESC LIMIT ?")
        .all(service, opts.afterId ?? 0, opts.limit ?? 100) as EventRow[];
      return rows.reverse();
    },
  };

  readonly accessKeys = {
    create: (): AccessKeyRow => {
      const row: AccessKeyRow = {
        id: `EASEL${randomBytes(8).toString("hex").toUpperCase()}`,
        secret: randomBytes(24).toString("base64url"),
        created_at: new Date().toISOString(),
      };
      this.db.prepare("INSERT INTO access_keys (id,secret,created_at) VALUES (@id,@secret,@created_at)").run(row);
      return row;
    },
    get: (id: string): AccessKeyRow | undefined => this.db.prepare("SELECT * FROM access_keys WHERE id = ?").get(id) as AccessKeyRow | undefined,
    list: (): AccessKeyRow[] => this.db.prepare("SELECT * FROM access_keys ORDER BY created_at").all() as AccessKeyRow[],
  };
}

interface RawVersion {
  service: string;
  version: number;
  spec: string;
  note: string;
  created_at: string;
}

function toVersion(r: RawVersion): VersionRow {
  return { ...r, spec: JSON.parse(r.spec) as Record<string, unknown> };
}

function migrate(db: Db): void {
  const current = Number(db.pragma("user_version", { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new Error(`store schema version ${current} is newer than this Easel (${MIGRATIONS.length}); upgrade Easel`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] ?? "");
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
