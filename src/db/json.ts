import type { Prisma } from './generated/client.ts';

/** Plain JSON data handed to Prisma's Json columns (objects from the engine, the filing document). */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
