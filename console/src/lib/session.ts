// The admin key lives in sessionStorage: gone when the tab closes.
import type { AdminKey } from "./signing";

const KEY = "easel.adminKey";

export function loadKey(): AdminKey | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Partial<AdminKey> | null;
    return v && typeof v.id === "string" && typeof v.secret === "string" ? { id: v.id, secret: v.secret } : undefined;
  } catch {
    return undefined;
  }
}

export function saveKey(key: AdminKey): void {
  sessionStorage.setItem(KEY, JSON.stringify(key));
}

export function clearKey(): void {
  sessionStorage.removeItem(KEY);
}
