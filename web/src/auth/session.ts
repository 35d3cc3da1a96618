// The signed-in session: in memory, mirrored to sessionStorage so a reload of the tab keeps it.
// Never localStorage or cookies: the tokens die with the tab, and no other tab or site sees them.
import type { Session, User } from "../api/types";

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
  user: User;
}

const STORAGE_KEY = "slaguard.session";

export class SessionStore {
  private current: StoredSession | null;
  private readonly listeners = new Set<(session: StoredSession | null) => void>();

  constructor(private readonly storage: Storage) {
    this.current = readStored(storage);
  }

  get session(): StoredSession | null {
    return this.current;
  }

  /** Keeps the answer of a login or refresh; `now` is when the request was sent, so the expiry errs early. */
  save(answer: Session, now: number): void {
    this.replace({ accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: now + answer.expiresIn * 1000, user: answer.user });
  }

  clear(): void {
    this.replace(null);
  }

  subscribe(listener: (session: StoredSession | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private replace(session: StoredSession | null): void {
    const userBefore = this.current?.user.id;
    this.current = session;
    if (session) this.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    else this.storage.removeItem(STORAGE_KEY);
    // A refresh changes the tokens only: views re-render on sign-in and sign-out, not every 15 minutes.
    if (session?.user.id !== userBefore) for (const listener of this.listeners) listener(session);
  }
}

function readStored(storage: Storage): StoredSession | null {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.accessToken !== "string" || typeof parsed.refreshToken !== "string" || typeof parsed.expiresAt !== "number" || !parsed.user) return null;
    return parsed as StoredSession;
  } catch {
    return null;
  }
}
