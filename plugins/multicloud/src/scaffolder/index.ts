import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { multicloudPlugin } from '../plugin';
import {
  SERVICE_NAME_FIELD,
  ServiceNameField,
  validateServiceName,
} from './ServiceNameField';

/**
 * The template form's field for a new service's name (`ui:field: MulticloudServiceName`):
 * refuses, before the first page is left, a name that breaks the clouds' naming rules or that
 * the catalog, the sandbox or the local git server already uses. Put it inside
 * `<ScaffolderFieldExtensions>` of the app's `ScaffolderPage`.
 */
export const MulticloudServiceNameFieldExtension = multicloudPlugin.provide(
  createScaffolderFieldExtension({
    name: SERVICE_NAME_FIELD,
    component: ServiceNameField,
    validation: validateServiceName,
  }),
);
