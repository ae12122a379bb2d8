// @ts-check

/**
 * The failover history and the per-service lock that keeps failovers one at a time.
 * Times are ISO strings, so sqlite and PostgreSQL sort and compare them alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('multicloud_failovers', table => {
    table.string('id').primary();
    table.string('entity_ref').notNullable();
    table.string('actor').notNullable();
    table.text('reason').notNullable();
    table.string('target').notNullable();
    table.boolean('forced').notNullable();
    table.text('from_weights').notNullable();
    table.text('to_weights').notNullable();
    table.string('outcome').notNullable();
    table.text('steps').notNullable();
    table.text('error').nullable();
    table.text('gitops').nullable();
    table.string('started_at').notNullable();
    table.string('finished_at').nullable();
    table.index(
      ['entity_ref', 'started_at'],
      'multicloud_failovers_entity_idx',
    );
  });
  await knex.schema.createTable('multicloud_failover_locks', table => {
    table.string('entity_ref').primary();
    table.string('failover_id').notNullable();
    table.string('acquired_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('multicloud_failover_locks');
  await knex.schema.dropTable('multicloud_failovers');
};
