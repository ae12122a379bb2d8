/**
 * Item ids: what may appear in `/items/{id}` and as a store key on both clouds. A module of its
 * own, apart from the event schema (event.ts): the API checks ids but never parses an event, and
 * a bundle splits shared code a module at a time, so importing the pattern from the schema's
 * module put the schema's code in the chunks the API loads.
 */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
