/**
 * Nothing to import: this private package holds the plugins' tests that need the local sandbox
 * or the cloud fakes (see the package description).
 *
 * @packageDocumentation
 */
export {};
