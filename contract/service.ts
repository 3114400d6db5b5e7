/** What the console server and the MDR service tell each other about the service itself, declared once as schemas (`contract/schemas/service.ts`). */
export type { PrincipalsUpdate, ServiceHealth } from './schemas/service.ts';
