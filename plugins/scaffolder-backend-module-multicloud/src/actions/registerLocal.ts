import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * `multicloud:catalog:register-local`: registers a catalog-info.yaml on this machine (the
 * checkout `multicloud:publish:local` keeps) as a `file` location, as the initiator. The
 * built-in `catalog:register` only registers `url` locations, which a local bare repository
 * cannot serve. The catalog must allow `file` locations (see examples/backend).
 */
export function createRegisterLocalAction(options: {
  catalog: CatalogService;
}) {
  return createTemplateAction({
    id: 'multicloud:catalog:register-local',
    description:
      'Registers a catalog-info.yaml on this machine in the catalog (the local sandbox publish target)',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register what multicloud:publish:local published',
        example: `steps:
  - id: register
    name: Register in the catalog
    action: multicloud:catalog:register-local
    input:
      catalogInfoPath: \${{ steps['publish-local'].output.catalogInfoPath }}
`,
      },
    ],
    schema: {
      input: {
        catalogInfoPath: z =>
          z.string().describe('Absolute path of the catalog-info.yaml'),
      },
      output: {
        entityRef: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      const { catalogInfoPath } = ctx.input;
      if (!isAbsolute(catalogInfoPath))
        throw new Error(
          `catalogInfoPath must be absolute, got ${catalogInfoPath}`,
        );
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register file:${catalogInfoPath}`);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const result = await options.catalog.addLocation(
        { type: 'file', target: catalogInfoPath },
        { credentials },
      );
      // The catalog reads a new location in the background, so its answer may list no
      // entities yet: the file itself says which entity it holds.
      const entities = result.entities.length
        ? result.entities
        : parseAllDocuments(readFileSync(catalogInfoPath, 'utf8')).map(
            d => d.toJSON() as Entity,
          );
      const entity = entities.find(e => e.kind === 'Component') ?? entities[0];
      if (entity) {
        const entityRef = stringifyEntityRef(entity);
        ctx.output('entityRef', entityRef);
        ctx.logger.info(`Registered ${entityRef} from ${catalogInfoPath}`);
      }
    },
  });
}
