import { registerAzureRedriveFunction } from './redrive';

/** The Function App's second file: the dead-letter redriver (see redrive.ts for why apart). */
registerAzureRedriveFunction();
