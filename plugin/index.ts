/**
 * Entry module of the MDR plug-in: defines `<mdr-section>` (tabs load on demand) and the dashboard
 * widget, exports `onSignIn` for the host to call after a user signs in (a newer KSN configuration
 * file is installed then), and the host contract's types and context for hosts written with Lit.
 */
export { MdrSection } from './mdr-section.ts';
export { MdrAssetsWidget } from './widgets/mdr-assets-widget.ts';
export { hostContext, hasRights } from './context.ts';
export type { MdrHost, RightId, Notice, ConfirmRequest } from './context.ts';
export { useLanguage } from './i18n.ts';
export { onSignIn } from './ksn-update.ts';
