// What every view needs: the API client and who is signed in, with the names of the people the
// dashboard shows (history, comments, assignees).
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "./api/client";
import type { User } from "./api/types";

export interface AppContextValue {
  api: ApiClient;
  user: User;
  /** A person's name by id; ids the dashboard cannot name read as "someone (id)". */
  nameOf: (userId: string | null) => string;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp() outside <AppContext.Provider>");
  return value;
}
