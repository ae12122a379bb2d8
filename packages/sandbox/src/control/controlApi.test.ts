import SwaggerParser from '@apidevtools/swagger-parser';
import { resolve } from 'node:path';
import { createControlApi } from './controlApi';
import { HostedServices } from '../HostedServices';
import type { ServiceSandbox } from '../ServiceSandbox';

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

describe('PUT /api/services/:id', () => {
  it('refuses a service past the limit with a 409 and a reason, hosting nothing', async () => {
    const hosted = new HostedServices(() => ({
      start: async () => undefined,
      stop: async () => undefined,
    }));
    const app = createControlApi({
      services: () => hosted.started as unknown as Map<string, ServiceSandbox>,
      addService: id => hosted.add(id, 2),
      routerUrl: () => '',
    });
    const put = (id: string) =>
      app.request(`/api/services/${id}`, { method: 'PUT' });
    expect((await put('one')).status).toBe(201);
    expect((await put('two')).status).toBe(201);
    const refused = await put('three');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect(await refused.json()).toEqual({
      error: {
        message:
          'the sandbox hosts 2 services, its limit (maxServices); no more can be added',
      },
    });
    expect((await put('two')).status).toBe(200);
    expect(await (await app.request('/api/services')).json()).toEqual({
      services: [{ id: 'one' }, { id: 'two' }],
    });
  });
});
