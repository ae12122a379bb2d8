import { BUILT_IN_CLOUDS } from '@multicloud/backstage-plugin-multicloud-common';
import { render } from '@testing-library/react';
import { CHAR_EM } from './eventLabel';
import { MetricChart } from './MetricChart';
import { chartLines, type ChartEvent, type ChartRow } from './seriesData';

const minute = (m: number, s = 0) => Date.UTC(2026, 10, 24, 10, m, s);
const lines = chartLines(BUILT_IN_CLOUDS, [{ metric: 'requests' }]);
const rows: ChartRow[] = Array.from({ length: 60 }, (_, m) => ({
  t: minute(m),
  'aws:requests': m,
  'azure:requests': 60 - m,
}));
const chaos = (t: number, label: string): ChartEvent => ({
  t,
  label,
  kind: 'chaos',
});

describe('MetricChart', () => {
  it('keeps the labels of grouped chaos marks inside the plot, wherever the marks are', () => {
    const events = [
      // Three switches within a minute near the left edge: one mark, one long label.
      chaos(minute(1), 'chaos: AWS down'),
      chaos(minute(1, 20), 'chaos: AWS latency'),
      chaos(minute(1, 40), 'chaos: AWS back to normal'),
      // The same just right of the middle, where the label used to run left past the axis.
      chaos(minute(31), 'chaos: Azure down'),
      chaos(minute(31, 20), 'chaos: Azure bridge-cut'),
      chaos(minute(31, 40), 'chaos: Azure back to normal'),
    ];
    const { container } = render(
      <MetricChart
        id="requests"
        title="Requests"
        unit="per second"
        rows={rows}
        lines={lines}
        kind="rate"
        range="1h"
        events={events}
      />,
    );
    const plot = container.querySelector('clipPath rect')!;
    const plotLeft = Number(plot.getAttribute('x'));
    const plotRight = plotLeft + Number(plot.getAttribute('width'));
    const labels = [...container.querySelectorAll('text')].filter(t =>
      t.textContent?.startsWith('chaos:'),
    );
    expect(labels).toHaveLength(2);
    for (const label of labels) {
      const x = Number(label.getAttribute('x'));
      const width = label.textContent!.length * 11 * CHAR_EM;
      const toLeft = label.getAttribute('text-anchor') === 'end';
      expect(toLeft ? x - width : x).toBeGreaterThanOrEqual(plotLeft);
      expect(toLeft ? x : x + width).toBeLessThanOrEqual(plotRight);
    }
    expect(labels[0]).toHaveTextContent(
      'chaos: AWS down · chaos: AWS latency · chaos: AWS back to normal',
    );
    expect(labels[1].textContent).toMatch(/^chaos: Azure down · .*…$/);
  });
});
