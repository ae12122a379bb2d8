import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import multicloudScaffolderModule from '@multicloud/backstage-plugin-scaffolder-backend-module-multicloud';
import request from 'supertest';
import { parse } from 'yaml';

/** This package's folder, wherever the tests or scripts run from. */
export const PACKAGE_DIR = dirname(
  require.resolve('@multicloud/templates/package.json'),
);
export const TEMPLATE_DIR = join(PACKAGE_DIR, 'multicloud-service');

/** The values the rendered example (examples/orders-service) is made with. */
export const EXAMPLE_VALUES = {
  name: 'orders',
  description: 'Orders API, active-active on AWS and Azure',
  owner: 'group:default/team-orders',
  system: 'orders',
  awsRegion: 'eu-west-1',
  azureRegion: 'westeurope',
  routing: 'route53',
  awsWeight: 50,
  consistency: 'active-active',
  publishTo: 'local',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export interface Rendered {
  /** Rendered files by path, relative to the repository root of the new service, as text. */
  files: Map<string, string>;
  /** The same files as bytes: what to write (the vendored runtime tarball is binary). */
  bytes: Map<string, Buffer>;
  log: string[];
  steps: { id: string; name: string }[];
}

/**
 * Renders the template exactly as the scaffolder does: through the real scaffolder backend and
 * its dry-run API (what the template editor uses), with this repository's scaffolder module for
 * the multicloud:* actions.
 */
export async function renderTemplate(
  values: Record<string, unknown> = EXAMPLE_VALUES,
): Promise<Rendered> {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      multicloudScaffolderModule,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          scaffolder: {},
          multicloud: { sandbox: { baseUrl: 'http://127.0.0.1:7101' } },
        },
      }),
    ],
  });
  try {
    const template = parse(
      readFileSync(join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    );
    const directoryContents = filesUnder(TEMPLATE_DIR).map(path => ({
      path: relative(TEMPLATE_DIR, path),
      base64Content: readFileSync(path).toString('base64'),
    }));
    const response = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, secrets: {}, directoryContents });
    if (response.status !== 200)
      throw new Error(
        `the scaffolder answered ${response.status}: ${JSON.stringify(
          response.body,
        )}`,
      );
    const failed = (
      response.body.log as { body: { status?: string; message: string } }[]
    ).filter(l => l.body.status === 'failed');
    if (failed.length)
      throw new Error(
        `a step failed: ${failed.map(l => l.body.message).join('; ')}`,
      );
    const bytes = new Map(
      (
        response.body.directoryContents as {
          path: string;
          base64Content: string;
        }[]
      ).map(f => [f.path, Buffer.from(f.base64Content, 'base64')]),
    );
    return {
      files: new Map(
        [...bytes].map(([path, content]) => [path, content.toString('utf8')]),
      ),
      bytes,
      log: response.body.log.map(
        (l: { body: { message: string } }) => l.body.message,
      ),
      steps: response.body.steps,
    };
  } finally {
    await backend.stop();
  }
}

/** Writes a rendered service into `dir`, byte for byte. */
export function writeRendered(rendered: Rendered, dir: string): void {
  for (const [path, content] of rendered.bytes) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
