import type { CloudId } from '@multicloud/backstage-plugin-multicloud-common';

const missing = '–';

export const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? missing : `${Math.round(v)} ms`;

export const percent = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? missing : `${(v * 100).toFixed(digits)}%`;

export const count = (v: number | null | undefined) =>
  v === null || v === undefined ? missing : String(v);

export const perSecond = (v: number | null | undefined) =>
  v === null || v === undefined ? missing : `${v.toFixed(1)}/s`;

export const time = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString() : missing;

export const weights = (w: Record<CloudId, number>) =>
  `AWS ${w.aws}% · Azure ${w.azure}%`;
