"use client";

import { useEffect } from "react";

/** What the in-app prompt asks (browsers show their own text for a tab close or reload). */
export const LEAVE_MESSAGE = "You have unsaved changes. Leave this page and lose them?";

/** A plain left click on a link to another page of this app (not a new tab, not a download). */
function leavingLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  if (anchor.target && anchor.target !== "_self") return null;
  if (anchor.hasAttribute("download")) return null;
  const to = new URL(anchor.href, window.location.href);
  const here = window.location;
  if (to.origin !== here.origin) return null; // a real navigation: beforeunload asks
  if (to.pathname === here.pathname && to.search === here.search) return null; // same page
  return anchor;
}

/**
 * While `dirty`, asks before the page is left: `beforeunload` for a tab close or reload, and a
 * confirm for in-app links (Next's client-side navigation never fires `beforeunload`). The click
 * listener sits on `document` in the capture phase so it runs before React's root listener and
 * `next/link`'s handler; declining stops the click there.
 */
export function useLeaveGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium and Safari still need returnValue set to show the prompt.
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (!leavingLink(event)) return;
      if (window.confirm(LEAVE_MESSAGE)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);
}
