/**
 * The Function App's second file: the timer that sends transient dead letters of the inbound
 * queue back to it. Apart from azure.ts so the main bundle does not carry the Service Bus SDK;
 * the Function App loads both when its package.json `main` names them with a glob (`*.js`).
 */
import { registerAzureRedriveFunction } from '@multicloud/runtime/azure-redrive';

registerAzureRedriveFunction();
