/** axe-core's browser script: importing it registers `window.axe` (it has no module types of its own). */
declare module 'axe-core/axe.min.js';
