/**
 * The services behind plug-ins other than the MDR plug-in. The console's configuration names them,
 * never a manifest (a bundle cannot point the console at an address of its choosing):
 * `KSC_PLUGIN_SERVICES=<plug-in id>=<base URL>[,<plug-in id>=<base URL>…]`. A gated call of such a
 * plug-in, `/api/plugins/<id>/<rest>`, is forwarded to `<base URL>/console/v1/<rest>` with the
 * user's identity, rights and language, as the MDR service gets it, but without the console's
 * credential to the MDR service; a plug-in without a configured service has no routes (404).
 */
export function parsePluginServices(value: string | undefined): Map<string, string> {
  const services = new Map<string, string>();
  for (const entry of (value ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const separator = entry.indexOf('=');
    const id = entry.slice(0, separator).trim();
    const url = entry.slice(separator + 1).trim();
    if (separator < 0 || !/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`KSC_PLUGIN_SERVICES: "${entry.trim()}" is not <plug-in id>=<base URL>`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`KSC_PLUGIN_SERVICES: the address of ${id} is not a URL`);
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search) {
      throw new Error(`KSC_PLUGIN_SERVICES: the address of ${id} must be http(s)://host[:port] without a path or credentials`);
    }
    services.set(id, parsed.origin);
  }
  return services;
}
