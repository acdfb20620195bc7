import type { DocumentProblem } from '../catalog-types.ts';

/** Collects a problem at a dotted document path. */
export type Report = (path: string, code: string, params?: DocumentProblem['params']) => void;

/** A cross-field rule: reads a (possibly incomplete) document, reports what breaks, never throws. */
export type Rule = (doc: Record<string, unknown>, now: Date, report: Report) => void;
