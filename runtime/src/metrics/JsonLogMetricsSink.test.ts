import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JsonLogMetricsSink } from './JsonLogMetricsSink';

describe('JsonLogMetricsSink', () => {
  it('logs the lag as the line the Azure alert and the portal query for', () => {
    const lines: string[] = [];
    new JsonLogMetricsSink(line => lines.push(line)).replicationLag(42, 'aws');
    expect(JSON.parse(lines[0])).toEqual({
      metric: 'ReplicationLagMs',
      value: 42,
      source_region: 'aws',
    });
    // Both Kusto queries select the lines by this prefix and read `value` from the JSON.
    const prefix = `{"metric":"ReplicationLagMs"`;
    expect(lines[0].startsWith(prefix)).toBe(true);
    // Read from this file's place, so the test runs the same from the repo root and the package.
    const alert = readFileSync(
      resolve(__dirname, '../../../terraform-modules/azure-service/main.tf'),
      'utf8',
    );
    expect(alert).toContain(
      `where message startswith '${prefix.replace(/"/g, '\\"')}'`,
    );
    const portal = readFileSync(
      resolve(
        __dirname,
        '../../../plugins/multicloud-backend/src/providers/azure/AppInsightsLogs.ts',
      ),
      'utf8',
    );
    expect(portal).toContain(`where message startswith '${prefix}'`);
  });

  it('logs the redriver and reconciler figures under the names the EMF metrics have', () => {
    const lines: string[] = [];
    const sink = new JsonLogMetricsSink(line => lines.push(line));
    sink.deadLetters({ redriven: 2, awaitingPerson: 1 });
    sink.antiEntropy({ compared: 1000, diverged: 3, repaired: 3 });
    expect(lines.map(l => JSON.parse(l))).toEqual([
      { metric: 'DeadLettersRedriven', value: 2 },
      { metric: 'DeadLettersAwaitingPerson', value: 1 },
      { metric: 'AntiEntropyCompared', value: 1000 },
      { metric: 'AntiEntropyDiverged', value: 3 },
      { metric: 'AntiEntropyRepaired', value: 3 },
    ]);
    const emf = readFileSync(resolve(__dirname, 'EmfMetricsSink.ts'), 'utf8');
    const portal = readFileSync(
      resolve(
        __dirname,
        '../../../plugins/multicloud-backend/src/providers/azure/AppInsightsLogs.ts',
      ),
      'utf8',
    );
    for (const { metric } of lines.map(l => JSON.parse(l))) {
      expect(emf).toContain(`'${metric}'`);
      // The portal reads each line by its name, and selects them by these prefixes.
      expect(portal).toContain(`${metric}:`);
    }
    for (const line of lines)
      expect(
        ['{"metric":"DeadLetters', '{"metric":"AntiEntropy'].some(p =>
          line.startsWith(p),
        ),
      ).toBe(true);
    expect(portal).toContain(`message startswith '{"metric":"DeadLetters'`);
    expect(portal).toContain(`message startswith '{"metric":"AntiEntropy'`);
  });
});
