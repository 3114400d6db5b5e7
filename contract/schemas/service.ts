import { OneOf, Type, type Static } from './common.ts';

/** `GET /console/v1/health`: liveness for connection checks, and the service's version. */
export const ServiceHealthSchema = Type.Object({ status: OneOf(['ok']), version: Type.String() });
export type ServiceHealth = Static<typeof ServiceHealthSchema>;

/** More users than any console has; bounds the body. */
const MAX_PRINCIPALS = 10_000;

/**
 * Body of `PUT /console/v1/principals`: the current rights of the console's users (a deleted or
 * disabled user comes with no rights); `complete: true` when it is the whole list.
 */
export const PrincipalsUpdateSchema = Type.Object(
  {
    principals: Type.Array(
      Type.Object(
        { userId: Type.String({ minLength: 1, maxLength: 200 }), rights: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 }) },
        { additionalProperties: false },
      ),
      { maxItems: MAX_PRINCIPALS },
    ),
    complete: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PrincipalsUpdate = Static<typeof PrincipalsUpdateSchema>;
