// A tiny History API router: "/", "/new", "/services/:name". The server answers
// index.html for unknown GET paths, so a reload on any route works.
import { useEffect, useState } from "preact/hooks";

export type Route = { page: "list" } | { page: "create" } | { page: "service"; name: string };

export function parseRoute(pathname: string): Route {
  if (pathname === "/new") return { page: "create" };
  const m = /^\/services\/([^/]+)\/?$/.exec(pathname);
  if (m) return { page: "service", name: decodeURIComponent(m[1]!) };
  return { page: "list" };
}

export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

export const servicePath = (name: string) => `/services/${encodeURIComponent(name)}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.pathname));
    addEventListener("popstate", on);
    return () => removeEventListener("popstate", on);
  }, []);
  return route;
}

/** Click handler for in-app links: keeps modifier-clicks (new tab) working. */
export function linkTo(path: string) {
  return (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}
