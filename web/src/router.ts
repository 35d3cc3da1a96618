// Paths of the single page: the Worker's assets answer every one of them with index.html
// (not_found_handling = "single-page-application"), and this module picks the view.
import { useEffect, useState } from "preact/hooks";

export type Route = "board" | "reports" | "forgot-password" | "reset-password" | "not-found";

const ROUTES: Record<string, Route> = {
  "/": "board",
  "/reports": "reports",
  "/forgot-password": "forgot-password",
  "/reset-password": "reset-password",
};

export const routeOf = (path: string): Route => ROUTES[path.replace(/\/+$/, "") || "/"] ?? "not-found";

const listeners = new Set<() => void>();

/** Moves to `path` without a reload (`replace`: without a new history entry). */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else if (path !== location.pathname + location.search) history.pushState(null, "", path);
  for (const listener of listeners) listener();
}

/** The current path, following links, back and forward. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return path;
}

/** A click handler for in-app links: a plain click navigates in place, a modified one (new tab) is left to the browser. */
export function followLink(event: MouseEvent): void {
  const link = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href") ?? "/");
}
