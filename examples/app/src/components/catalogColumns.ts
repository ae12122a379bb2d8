import {
  CatalogTable,
  type CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';

/**
 * The catalog's default columns, less Tags while no listed entity has a tag: an empty column of
 * about 110 px pushed the actions column past the page's edge at 1,400 px (and squeezed the
 * names until they broke).
 */
export const catalogColumns: CatalogTableColumnsFunc = context =>
  CatalogTable.defaultColumnsFunc(context).filter(
    column =>
      column.field !== 'entity.metadata.tags' ||
      context.entities.some(e => e.metadata.tags?.length),
  );
