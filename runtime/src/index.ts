export * from './domain/version';
export * from './domain/HybridLogicalClock';
