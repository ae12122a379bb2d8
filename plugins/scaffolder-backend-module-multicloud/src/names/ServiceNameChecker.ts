import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MULTICLOUD_ANNOTATIONS,
  serviceNameProblems,
  type ServiceNameCheck,
} from '@multicloud/backstage-plugin-multicloud-common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One place a new service's name may already be taken. Answers with a sentence saying where
 * the name is used, or null when it is free there; throws when it cannot be asked.
 */
export interface NamePlace {
  readonly label: string;
  usedBy(name: string): Promise<string | null>;
}

/** The catalog: a component of that name, anything with that service id, or its API. */
export function catalogPlace(options: {
  catalog: CatalogService;
  auth: AuthService;
}): NamePlace {
  return {
    label: 'the catalog',
    async usedBy(name) {
      // As the plugin itself: a name taken by an entity the user cannot see is still taken.
      const credentials = await options.auth.getOwnServiceCredentials();
      const { items } = await options.catalog.getEntities(
        {
          filter: [
            { kind: 'Component', 'metadata.name': name },
            { kind: 'API', 'metadata.name': `${name}-api` },
            {
              [`metadata.annotations.${MULTICLOUD_ANNOTATIONS.serviceId}`]:
                name,
            },
          ],
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      );
      if (!items.length) return null;
      const refs = items.map(e => stringifyEntityRef(e)).join(', ');
      return `The catalog already has ${refs}.`;
    },
  };
}

/** The local sandbox: a service of that id (its tables and queues would be shared). */
export function sandboxPlace(options: {
  baseUrl: string;
  fetchImpl?: typeof fetch;
}): NamePlace {
  const fetchImpl = options.fetchImpl ?? fetch;
  return {
    label: 'the sandbox',
    async usedBy(name) {
      const response = await fetchImpl(`${options.baseUrl}/api/services`, {
        signal: AbortSignal.timeout(3000),
      });
      if (!response.ok)
        throw new Error(`the sandbox answered ${response.status}`);
      const body = (await response.json()) as { services: { id: string }[] };
      return body.services.some(s => s.id === name)
        ? `The sandbox already runs a service called ${name}.`
        : null;
    },
  };
}

/** The local git server (`multicloud:publish:local`'s folder of bare repositories). */
export function gitServerPlace(options: { baseDir: string }): NamePlace {
  return {
    label: 'the local git server',
    async usedBy(name) {
      return existsSync(join(options.baseDir, `${name}.git`))
        ? `The local git server already has a repository ${name}.git.`
        : null;
    },
  };
}

/**
 * Whether a new service may take a name: its own rules first (in words, never the pattern),
 * then every place that could already use it. A place that cannot be asked is reported as
 * unchecked and does not block; the step that would use it fails on its own.
 */
export class ServiceNameChecker {
  constructor(private readonly places: NamePlace[]) {}

  async check(name: string): Promise<ServiceNameCheck> {
    const rules = serviceNameProblems(name);
    if (rules.length)
      return { name, available: false, problems: rules, unchecked: [] };
    const answers = await Promise.all(
      this.places.map(async place => {
        try {
          return { place, used: await place.usedBy(name) };
        } catch (error) {
          return { place, error: error as Error };
        }
      }),
    );
    const problems = answers.flatMap(a => (a.used ? [a.used] : []));
    const unchecked = answers.flatMap(a =>
      a.error ? [`${a.place.label} (${a.error.message})`] : [],
    );
    return {
      name,
      available: problems.length === 0,
      problems: problems.length
        ? [...problems, 'Choose another name.']
        : problems,
      unchecked,
    };
  }
}
