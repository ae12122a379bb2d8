import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/** The multi-cloud plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'multicloud',
  extensions: [],
});
