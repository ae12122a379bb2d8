import { CHAR_EM, LABEL_OFFSET, placeEventLabel } from './eventLabel';

const fontSize = 11;
const width = (text: string) => text.length * fontSize * CHAR_EM;
const grouped =
  'chaos: AWS down · chaos: AWS latency · chaos: AWS back to normal';

describe('placeEventLabel', () => {
  it('puts the label of a mark near the left edge to its right, whole when it fits', () => {
    const place = placeEventLabel({
      markX: 70,
      plotLeft: 56,
      plotRight: 584,
      text: grouped,
      fontSize,
    });
    expect(place).toEqual({
      x: 70 + LABEL_OFFSET,
      textAnchor: 'start',
      text: grouped,
    });
  });

  it('puts the label of a mark near the right edge to its left', () => {
    const place = placeEventLabel({
      markX: 580,
      plotLeft: 56,
      plotRight: 584,
      text: 'chaos: Azure down',
      fontSize,
    });
    expect(place.textAnchor).toBe('end');
    expect(place.x).toBe(580 - LABEL_OFFSET);
    expect(place.text).toBe('chaos: Azure down');
  });

  it('shortens a label wider than the room on either side, so it ends inside the plot', () => {
    // A mark in the middle of a narrow plot: 120 px on each side, the label needs about 420.
    const place = placeEventLabel({
      markX: 180,
      plotLeft: 56,
      plotRight: 304,
      text: grouped,
      fontSize,
    });
    expect(place.text).toMatch(/^chaos: AWS down ·.*…$/);
    expect(place.text.length).toBeLessThan(grouped.length);
    const leftEdge =
      place.textAnchor === 'end' ? place.x - width(place.text) : place.x;
    const rightEdge =
      place.textAnchor === 'end' ? place.x : place.x + width(place.text);
    expect(leftEdge).toBeGreaterThanOrEqual(56);
    expect(rightEdge).toBeLessThanOrEqual(304);
  });

  it('draws nothing where there is no room at all rather than overflowing', () => {
    expect(
      placeEventLabel({
        markX: 60,
        plotLeft: 56,
        plotRight: 64,
        text: grouped,
        fontSize,
      }).text,
    ).toBe('');
  });
});
