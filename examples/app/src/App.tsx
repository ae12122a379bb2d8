import { createApp } from '@backstage/app-defaults';
import { AlertDisplay, OAuthRequestDialog } from '@backstage/core-components';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import { ScaffolderPage, scaffolderPlugin } from '@backstage/plugin-scaffolder';
import {
  ScaffolderFieldExtensions,
  type FormProps as ScaffolderFormProps,
} from '@backstage/plugin-scaffolder-react';
import { MulticloudServiceNameFieldExtension } from '@multicloud/backstage-plugin-multicloud';
import { Navigate, Route } from 'react-router-dom';
import { apis } from './apis';
import { catalogColumns } from './components/catalogColumns';
import { entityPage } from './components/EntityPage';
import { Root } from './components/Root';
import { SignInAsPage } from './components/SignInAsPage';

const app = createApp({
  apis,
  components: { SignInPage: SignInAsPage },
  bindRoutes({ bind }) {
    bind(catalogPlugin.externalRoutes, {
      createComponent: scaffolderPlugin.routes.root,
    });
    bind(scaffolderPlugin.externalRoutes, {
      registerComponent: catalogPlugin.routes.catalogIndex,
    });
  },
});

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route
      path="/catalog"
      element={<CatalogIndexPage columns={catalogColumns} />}
    />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route
      path="/create"
      // Each problem once, under the field it concerns, instead of also in a list at the top.
      // The scaffolder's Stepper passes formProps on to the form whole; its type lists fewer.
      element={
        <ScaffolderPage
          formProps={{ showErrorList: false } as ScaffolderFormProps}
        />
      }
    >
      <ScaffolderFieldExtensions>
        <MulticloudServiceNameFieldExtension />
      </ScaffolderFieldExtensions>
    </Route>
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
