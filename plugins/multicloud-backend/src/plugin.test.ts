import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { multicloudPlugin } from './plugin';

describe('multicloudPlugin', () => {
  it('answers its health check without credentials', async () => {
    const { server } = await startTestBackend({ features: [multicloudPlugin] });
    const response = await request(server).get('/api/multicloud/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});
