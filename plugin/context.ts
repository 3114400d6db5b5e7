import { createContext } from '@lit/context';
import type { AxiosInstance } from 'axios';
import type { RightId } from '../contract/rights.ts';
import type { MdrApi } from './api/mdr-api.ts';

/** Functional areas of the MDR plug-in, as right ids. */
export type { RightId };

/** A confirmation the host asks the user for, in the host's own dialog. */
export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  /** The action destroys or disconnects something. */
  danger?: boolean;
}

/** A short message the host shows as a toast. */
export interface Notice {
  kind: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

/**
 * Everything the plug-in gets from the console that hosts it. A host gives a new object whenever
 * something in it changes (language, rights), so that consumers re-render.
 *
 * Besides its elements, the entry module exports `onSignIn(host)`: a host calls it once after a user
 * signs in, with that user's host object (the plug-in then installs a newer KSN configuration file, as
 * the help's *Periodic update of KSN configuration files* describes). A host that does not call it
 * loses only that.
 */
export interface MdrHost {
  /** The signed-in user. */
  user: { id: string; displayName: string };
  /** Effective rights of the user: the union over the user's roles. */
  rights: readonly RightId[];
  /** Interface language code, e.g. `en`. */
  language: string;
  /** Languages the host offers, as codes. */
  languages?: readonly string[];
  /** Subscribes to language changes; returns the unsubscribe function. */
  onLanguageChange?(listener: (language: string) => void): () => void;
  /** HTTP client bound to the plug-in's route prefix, carrying the session and the CSRF token. */
  http: AxiosInstance;
  /** Base URL of the `locales/` folder (`<base><lang>/<namespace>.json`). */
  localeBaseUrl?: string;
  /** Path of the section in the host's address bar, for deep links to tabs (e.g. `/mdr`). */
  basePath?: string;
  navigation: {
    /** Opens the console's page of a managed device. */
    openDevice(deviceId: string): void;
    /** Opens an external address (MDR Web Console) in a new window. */
    openExternal(url: string): void;
    /** Puts a path of the section into the address bar without reloading. */
    replacePath?(path: string): void;
    /** Opens a page of the console (e.g. roles set-up). */
    openConsolePage?(page: 'roles' | 'users' | 'devices'): void;
  };
  notify(notice: Notice): void;
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** *Interface options → Show MDR features* for this user. */
  showMdrFeatures: boolean;
  /** The user may manage the console's users and roles. */
  canManageRoles?: boolean;
}

/** Context key shared across bundles, so a host with its own copy of Lit provides the same context. */
export const hostContext = createContext<MdrHost | undefined>(Symbol.for('mdr-plugin.host'));

/**
 * The plug-in's API client (plugin/api/mdr-api.ts), made from the host's `http` by whatever mounts
 * the plug-in's elements (`<mdr-section>`), so that tabs and panels call `api.<area>.<call>(…)`
 * instead of handing the host's client to every call.
 */
export const apiContext = createContext<MdrApi | undefined>(Symbol.for('mdr-plugin.api'));

/** Whether the host's user holds every right in `required`. */
export function hasRights(host: Pick<MdrHost, 'rights'> | undefined, required: readonly RightId[]): boolean {
  return host !== undefined && required.every((right) => host.rights.includes(right));
}
