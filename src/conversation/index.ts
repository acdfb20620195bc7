export { changesRequestedInput, parseRequestedDocument } from './changes.ts';
export { renderLabel, renderValue } from './display.ts';
export { createEngine, step } from './engine.ts';
export { PAGE_SIZE } from './question.ts';
export { initialState, migrateState } from './state.ts';
export * from './types.ts';
