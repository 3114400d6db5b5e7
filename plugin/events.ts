import type { ApiConnection } from './api/api-connections.ts';
import type { License } from './api/licenses.ts';
import type { ReportSchedule } from '../contract/report-schedules.ts';
import type { AutoAcceptMode } from './api/settings.ts';
import type { Tenant } from './api/tenants.ts';
import type { NotificationSettings } from '../contract/notifications.ts';

/** What changed in `<mdr-auto-accept-settings>`. */
export type AutoAcceptChange = { mode: AutoAcceptMode } | { tenantId: string; autoAccept: boolean } | { allTenants: boolean } | { root: boolean };

/**
 * The plug-in's events, by name, with their detail (`undefined`: none). Each bubbles and is
 * composed (`MdrElement.emit`); a listener added with `addEventListener` or `@name=${…}` gets the
 * typed event through `GlobalEventHandlersEventMap`.
 */
export interface MdrEventDetails {
  /** A table asks for another sort column or order. */
  'mdr-sort-change': { sort: string; direction: 'asc' | 'desc' };
  /** A table asks for another page or page size. */
  'mdr-page-change': { page: number; pageSize: number };
  /** The user asked to try a failed load again. */
  'mdr-retry': undefined;
  /** A side panel's close button or Escape: the owner decides whether it closes. */
  'mdr-close-request': undefined;
  /** A side panel owned by a tab closed. */
  'mdr-panel-closed': undefined;
  /** The open tab changed; `path` is the tab's path within the section. */
  'mdr-navigate': { path: string };
  /** Start the activation wizard: full activation, or a further activation code. */
  'mdr-activation-request': { mode: 'activate' | 'newCode' };
  /** The wizard was left without activating. */
  'mdr-activation-cancel': undefined;
  /** The wizard activated MDR or applied a new code. */
  'mdr-activated': undefined;
  /** The activation changed elsewhere (revoked agreements): read it again. */
  'mdr-activation-changed': undefined;
  /** An API connection was added or changed. */
  'mdr-connection-changed': { connection: ApiConnection };
  /** The API connection in a panel changed meanwhile: read the list again. */
  'mdr-connection-reload': undefined;
  /** A license key was added. */
  'mdr-license-added': { license: License };
  /** A tenant was added or changed. */
  'mdr-tenant-changed': { tenant: Tenant };
  /** The notification settings as saved (after verifying or re-sending a code). */
  'mdr-notifications-change': NotificationSettings;
  /** A value of the auto-acceptance group changed. */
  'mdr-auto-accept-change': AutoAcceptChange;
  /** A form's unsaved-changes state changed. */
  'mdr-dirty-change': boolean;
  /** A report schedule was saved. */
  'mdr-schedule-saved': ReportSchedule;
}

export type MdrEventName = keyof MdrEventDetails;
export type MdrEventDetail<K extends MdrEventName> = MdrEventDetails[K];

declare global {
  // Declaration merging adds the plug-in's events to the DOM's map; the interface has no members of its own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends MdrEventMap {}
}

/** The plug-in's events as the DOM's event map names them. */
type MdrEventMap = { [K in MdrEventName]: CustomEvent<MdrEventDetails[K]> };
