import type { InfiniteData } from "@tanstack/react-query";
import type { Workflow } from "../api/types";

type WorkflowPages = InfiniteData<{ items: Workflow[]; nextCursor: string | null }, string | null>;

/** A cached workflow list (pages, or the plain list of names) with one workflow switched on or off. */
export function withActive(data: unknown, id: string, active: boolean): unknown {
  const flip = (w: Workflow) => (w.id === id ? { ...w, isActive: active } : w);
  if (Array.isArray(data)) {
    return (data as Workflow[]).map(flip);
  }
  const pages = data as WorkflowPages | undefined;
  if (pages?.pages) {
    return { ...pages, pages: pages.pages.map((page) => ({ ...page, items: page.items.map(flip) })) };
  }
  return data;
}
