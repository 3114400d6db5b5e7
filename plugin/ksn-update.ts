import { toApiError, type ApiError } from './api/errors.ts';
import { MdrApi } from './api/mdr-api.ts';
import { hasRights, type MdrHost, type Notice, type RightId } from './context.ts';
import { setLocaleBaseUrl, t, useLanguage } from './i18n.ts';

/**
 * Installing a newer KSN configuration file on the Administration Server, at sign-in and from *MDR
 * Usage*, with the outcomes the help lists (topic *Periodic update of KSN configuration files*): "If MDR
 * Plug-in successfully updates the file, you will get a notification about the change of the KSN
 * configuration file. If MDR Plug-in fails to update the KSN configuration file, you will get a
 * notification about the cause of the problem: Your account does not have sufficient access rights to
 * update the file. An unexpected error occurred while updating the KSN configuration file."
 */

/** The rights `POST /ksn/update` needs (the manifest's): the file is installed for the whole organization. */
export const KSN_UPDATE_RIGHTS: readonly RightId[] = ['incidentAccess', 'applicationIntegration'];

/** What an attempt came to. */
export type KsnUpdateOutcome =
  /** The file was updated to the newest version. */
  | 'updated'
  /** The user may not install it (help: "Your account does not have sufficient access rights to update the file"). */
  | 'insufficientRights'
  /** The update failed for another reason (help: "An unexpected error occurred while updating the KSN configuration file"). */
  | 'unexpectedError'
  /** Nothing to install: the file is the newest, or another specialist installed it meanwhile. */
  | 'upToDate'
  /** Not tried: MDR is not active (KPSN is off), MDR features are hidden, the user has no MDR right, or the state could not be read. */
  | 'notTried';

/** The notification of the file's change. */
export function ksnUpdatedNotice(version: string): Notice {
  return { kind: 'success', text: t('usage.ksnUpdated', { version }) };
}

/** The notification of the cause when installing failed. */
export function ksnUpdateFailureNotice(failure: ApiError, version: string): Notice {
  if (failure.failure === 'forbidden') return insufficientRightsNotice(version);
  return { kind: 'error', text: t('ksnUpdate.unexpectedError', { version, reason: t(failure.messageKey) }) };
}

function insufficientRightsNotice(version: string): Notice {
  return { kind: 'warning', text: t('ksnUpdate.insufficientRights', { version, right: t('access.rights.applicationIntegration') }) };
}

/** A refusal meaning that someone else changed the organization or installed the file first. */
function lostRace(failure: ApiError): boolean {
  return failure.failure === 'conflict' || failure.details.rule === 'ksnVersionChanged';
}

/**
 * At sign-in (the same topic: "When you log in, MDR Plug-in tries to install the new KSN configuration
 * file on the Kaspersky Security Center server"): when MDR is active and a newer file is published,
 * installs it for a user who may and says so, or tells a user who may not why it stays as it is.
 * "If no notifications are displayed, it is likely that the KSN configuration file was successfully
 * updated when another specialist connected": a lost race with another user's update says nothing.
 */
export async function updateKsnAtSignIn(host: MdrHost, api: MdrApi = new MdrApi(host.http)): Promise<KsnUpdateOutcome> {
  if (!host.showMdrFeatures || !hasRights(host, ['incidentAccess'])) return 'notTried';
  if (host.localeBaseUrl) setLocaleBaseUrl(host.localeBaseUrl);
  // Two attempts: a first one refused because another user changed the organization reads it again.
  for (let attempt = 0; attempt < 2; attempt++) {
    let usage;
    try {
      usage = await api.usage.get();
    } catch {
      // The state cannot be read (the MDR section says why when it is opened): nothing was tried.
      return 'notTried';
    }
    if (usage.activation.status !== 'active') return 'notTried';
    const latest = usage.ksn.latestVersion;
    if (!usage.ksn.updateAvailable || !latest) return 'upToDate';
    await useLanguage(host.language);
    if (!hasRights(host, KSN_UPDATE_RIGHTS)) {
      host.notify(insufficientRightsNotice(latest));
      return 'insufficientRights';
    }
    try {
      const result = await api.usage.updateKsnConfiguration(latest, usage.version);
      host.notify(ksnUpdatedNotice(result.installedVersion));
      return 'updated';
    } catch (error) {
      const failure = toApiError(error);
      if (lostRace(failure)) continue;
      host.notify(ksnUpdateFailureNotice(failure, latest));
      return failure.failure === 'forbidden' ? 'insufficientRights' : 'unexpectedError';
    }
  }
  return 'upToDate';
}

/**
 * What the plug-in does once a user has signed in to the console (an optional part of the host contract:
 * a host calls the entry module's `onSignIn` with the user's host object after each sign-in).
 */
export async function onSignIn(host: MdrHost): Promise<void> {
  await updateKsnAtSignIn(host);
}
