export * from './ports';
export * from './startSandbox';
export { WeightedRouter, NoHealthyRegionError } from './router/WeightedRouter';
export type { ChaosMode } from './region/chaos';
