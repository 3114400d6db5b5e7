/** The entry module of a plug-in the console-hosting tests load: it only says it has run. */
(window as unknown as { hostedPluginEntryRan?: boolean }).hostedPluginEntryRan = true;
export {};
