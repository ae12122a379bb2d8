/**
 * Where an event's label goes beside its mark on a chart's time axis, so that it stays inside
 * the plot. Labels of nearby events are joined into one (see `groupNearbyEvents`), so a label
 * can be wider than the room on either side of its mark: drawn at a fixed side it ran past the
 * chart's edge.
 */

/** Gap between the mark and its label, in px (Recharts' default label offset). */
export const LABEL_OFFSET = 5;

/**
 * Width of a character of the label's font, as a share of the font size. SVG text cannot be
 * measured before it is drawn (and jsdom measures nothing), so the width is estimated: 0.6 em is
 * wider than most characters of a proportional sans-serif font (wide capitals such as M and W
 * aside), so the estimate errs towards shortening a label rather than letting it overflow.
 */
export const CHAR_EM = 0.6;

export interface LabelPlacement {
  /** The label's anchor point: beside the mark, on the side with more room. */
  x: number;
  textAnchor: 'start' | 'end';
  /** The label, shortened with an ellipsis when it does not fit that side. */
  text: string;
}

/**
 * The side of the mark with more room (so a label reads away from the nearer edge), and the text
 * cut to that room.
 */
export function placeEventLabel({
  markX,
  plotLeft,
  plotRight,
  text,
  fontSize,
}: {
  markX: number;
  plotLeft: number;
  plotRight: number;
  text: string;
  fontSize: number;
}): LabelPlacement {
  const roomRight = plotRight - markX - LABEL_OFFSET;
  const roomLeft = markX - plotLeft - LABEL_OFFSET;
  const toRight = roomRight >= roomLeft;
  const room = Math.max(toRight ? roomRight : roomLeft, 0);
  const fits = Math.floor(room / (fontSize * CHAR_EM));
  return {
    x: toRight ? markX + LABEL_OFFSET : markX - LABEL_OFFSET,
    textAnchor: toRight ? 'start' : 'end',
    text: shorten(text, fits),
  };
}

/** The text in at most `chars` characters, the last an ellipsis when it was cut. */
function shorten(text: string, chars: number): string {
  if (text.length <= chars) return text;
  if (chars <= 1) return '';
  return `${text.slice(0, chars - 1).trimEnd()}…`;
}
