/**
 * The life of a response after the client's decision, as the help's *Response types* describe it: an
 * accepted response is performed on its asset (*In progress*) and then *Completed* or *Failed*; a
 * failure and its reason go to the incident's history ("the attempt to accept the response will fail
 * and the response will not be performed, but will appear on the History tab of an incident").
 * Isolation is lifted by itself when its term has run out (seven days unless the SOC gave one).
 *
 * What the asset would report (a file's size, whether a file is already there) comes from an
 * {@link Endpoint}: the demo's is made up from the asset and the path, tests give their own.
 */
import crypto from 'node:crypto';
import type { Asset, MdrDatabase, ResponseFailureReason, ResponseParametersByType, ResponseRecord } from '../db.ts';

/** What the MDR components on an asset would find when they perform a response. */
export interface Endpoint {
  /** Size in bytes of the file at `path` on the asset, or null when there is none. */
  fileSize(asset: Asset, path: string): number | null;
  /** Whether a file already exists at `path` on the asset (restoring from quarantine does not overwrite it). */
  fileExists(asset: Asset, path: string): boolean;
}

const MB = 1024 * 1024;

/** A number from 0 to 1 fixed by the words (the same asset and path always get the same answer). */
function fraction(...words: string[]): number {
  return crypto.createHash('sha256').update(words.join('\u0000')).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/** The demo's assets: files of 100 KB to 24 MB, so that some *Get file* responses exceed their limit. */
export const demoEndpoint: Endpoint = {
  fileSize: (asset, path) => Math.round((0.1 + fraction(asset.id, path, 'size') * 23.9) * MB),
  fileExists: (asset, path) => fraction(asset.id, path, 'exists') < 0.2,
};

/** Who the history names for what the MDR components on the asset did. */
export const EXECUTION_ACTOR = 'MDR';

/** Responses of Kaspersky Endpoint Security for Windows (help: *Terminate process*, *Run script*). */
const WINDOWS_ONLY = new Set<ResponseRecord['type']>(['terminate_process', 'run_script', 'delete_registry_key']);

/** The outcome of performing `response` on `asset`: null when it completed, else why it failed (and what was found). */
export function outcomeOf(response: ResponseRecord, asset: Asset, endpoint: Endpoint): { reason: ResponseFailureReason; details: Record<string, unknown> } | null {
  if (WINDOWS_ONLY.has(response.type) && !/windows/i.test(asset.osVersion)) return { reason: 'requiresWindows', details: { osVersion: asset.osVersion } };
  switch (response.type) {
    case 'get_file': {
      // Help, *Response types*, Get file → Maximum file size: "If the infected file exceeds the specified
      // maximum file size, the attempt to accept the response will fail and the response will not be performed".
      const { path, maxFileSizeMb } = response.parameters as ResponseParametersByType['get_file'];
      const size = endpoint.fileSize(asset, path);
      if (size === null) return { reason: 'fileNotFound', details: { path } };
      if (size > maxFileSizeMb * MB) return { reason: 'fileTooLarge', details: { path, fileSizeBytes: size, maxFileSizeMb } };
      return null;
    }
    case 'restore_file': {
      // Help, *Response types*, Restore file from quarantine: "If there is a file with the same name in
      // the original location, restoring is not performed."
      const { path } = response.parameters as ResponseParametersByType['restore_file'];
      return endpoint.fileExists(asset, path) ? { reason: 'fileExists', details: { path } } : null;
    }
    default:
      return null;
  }
}

/** What one step of {@link advanceResponses} did. */
export interface ResponseProgressStep {
  /** Accepted responses now being performed. */
  started: string[];
  completed: string[];
  failed: { id: string; reason: ResponseFailureReason }[];
  /** Isolate responses whose term ran out: their assets are no longer isolated. */
  isolationLifted: string[];
}

/**
 * One step of the responses' life, in one transaction: responses in progress complete or fail (a
 * completed Isolate isolates its asset, a completed Disable isolation lifts it), accepted responses
 * start, and isolation whose term has run out is lifted. Each change is written to the incident's
 * history. A response accepted now is performed at the next step and finishes at the one after.
 */
export function advanceResponses(db: MdrDatabase, now: number, endpoint: Endpoint = demoEndpoint, batch = 500): ResponseProgressStep {
  return db.transaction(() => {
    const step: ResponseProgressStep = { started: [], completed: [], failed: [], isolationLifted: [] };
    const touched = new Set<string>();
    const history = (response: ResponseRecord, what: string, details: Record<string, unknown> = {}) => {
      db.history.insert({ incidentId: response.incidentId, category: 'response', what, details: { responseId: response.id, type: response.type, ...details }, actor: EXECUTION_ACTOR, created: now });
      touched.add(response.incidentId);
    };

    for (const response of db.responses.listByStatus('inProgress', batch)) {
      const asset = db.assets.get(response.assetId);
      if (!asset) continue;
      const outcome = outcomeOf(response, asset, endpoint);
      if (!db.responses.progress(response.id, 'inProgress', outcome ? 'failed' : 'completed', now)) continue;
      if (outcome) {
        history(response, 'responseFailed', { reason: outcome.reason, ...outcome.details });
        step.failed.push({ id: response.id, reason: outcome.reason });
        continue;
      }
      if (response.type === 'isolate') {
        db.assets.updateState(asset.id, { isolated: true });
        const { termSeconds } = response.parameters as ResponseParametersByType['isolate'];
        history(response, 'responseCompleted', { isolatedUntil: now + termSeconds * 1000 });
      } else {
        if (response.type === 'disable_isolation') db.assets.updateState(asset.id, { isolated: false });
        history(response, 'responseCompleted');
      }
      step.completed.push(response.id);
    }

    for (const response of db.responses.listByStatus('confirmed', batch)) {
      if (!db.responses.progress(response.id, 'confirmed', 'inProgress', now)) continue;
      history(response, 'responseStarted');
      step.started.push(response.id);
    }

    for (const response of db.responses.isolationsDue(now)) {
      db.assets.updateState(response.assetId, { isolated: false });
      history(response, 'isolationExpired');
      step.isolationLifted.push(response.id);
    }

    for (const incidentId of touched) db.incidents.touch(incidentId, now);
    return step;
  });
}
