export * from './domain/version';
export * from './domain/HybridLogicalClock';
export * from './domain/event';
export type * from './ports/Store';
export type * from './ports/Transport';
export type * from './ports/ChangeFeed';
