import SwaggerParser from '@apidevtools/swagger-parser';
import { resolve } from 'node:path';
import { createControlApi } from './controlApi';

describe('control-api.yaml', () => {
  it('is valid OpenAPI 3 and documents every route the control API serves', async () => {
    const spec: any = await SwaggerParser.validate(
      resolve(__dirname, '..', '..', 'control-api.yaml'),
    );
    const app = createControlApi({
      services: () => new Map(),
      addService: async () => ({ created: false }),
      routerUrl: () => '',
    });
    const served = app.routes
      .filter(r => r.method !== 'ALL')
      .map(
        r => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`,
      );
    const documented = Object.entries(spec.paths).flatMap(
      ([path, ops]: [string, any]) =>
        Object.keys(ops)
          .filter(k => k !== 'parameters')
          .map(method => `${method} ${path}`),
    );
    expect(served.sort()).toEqual(documented.sort());
  });
});
