/**
 * The multi-cloud backend plugin.
 *
 * @packageDocumentation
 */
export { multicloudPlugin as default } from './plugin';
export {
  MulticloudOwnerOnlyPolicy,
  multicloudOwnerOnlyPolicyModule,
} from './policy/MulticloudOwnerOnlyPolicy';
