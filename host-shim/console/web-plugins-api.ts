import type { InstallAvailable, WebPluginInstallation, WebPluginsList } from '../../contract/web-plugins.ts';
import { consoleHttp } from './console-api.ts';

/** The header that carries an uploaded bundle's signature file, Base64 (the console server's `SIGNATURE_HEADER`). */
const signatureHeader = 'X-Plugin-Signature';

/** *Console settings → Web plug-ins*: installed plug-ins, bundles of the available-plug-ins folder, refused files. */
export async function listWebPlugins(signal?: AbortSignal): Promise<WebPluginsList> {
  return (await consoleHttp.get<WebPluginsList>('/web-plugins', { signal })).data;
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Installs or updates a plug-in from a bundle chosen in the browser: the archive and its signature file. */
export async function uploadWebPlugin(archive: Blob, signature: Blob): Promise<WebPluginInstallation> {
  const signatureText = base64(await signature.arrayBuffer());
  const body = await archive.arrayBuffer();
  return (
    await consoleHttp.post<WebPluginInstallation>('/web-plugins', body, {
      headers: { 'content-type': 'application/zip', [signatureHeader]: signatureText },
      // A bundle may take longer to send and verify than a form.
      timeout: 120_000,
    })
  ).data;
}

/** Installs a bundle of the available-plug-ins folder; `expectedVersion` is the installed version seen (none for a new plug-in). */
export async function installAvailableWebPlugin(fileName: string, expectedVersion?: string): Promise<WebPluginInstallation> {
  const body: InstallAvailable = { fileName, ...(expectedVersion ? { expectedVersion } : {}) };
  return (await consoleHttp.post<WebPluginInstallation>('/web-plugins/available/install', body)).data;
}

/** Removes an installed plug-in; `expectedVersion` is the version seen. */
export async function removeWebPlugin(id: string, expectedVersion: string): Promise<void> {
  await consoleHttp.delete(`/web-plugins/${encodeURIComponent(id)}`, { params: { expectedVersion } });
}
