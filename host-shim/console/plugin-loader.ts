import type { InstalledPlugin } from './console-api.ts';

const loaded = new Map<string, Promise<unknown>>();

/** Imports a plug-in's entry module once; it defines the plug-in's custom elements. */
export function loadPlugin(plugin: InstalledPlugin): Promise<unknown> {
  const url = new URL(plugin.manifest.entry, new URL(plugin.baseUrl, location.origin)).href;
  let pending = loaded.get(url);
  if (!pending) {
    pending = import(/* @vite-ignore */ url);
    pending.catch(() => loaded.delete(url));
    loaded.set(url, pending);
  }
  return pending;
}
