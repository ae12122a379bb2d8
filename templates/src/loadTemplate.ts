import { parse } from 'yaml';

export interface TemplateDocument {
  apiVersion: string;
  kind: 'Template';
  metadata: { name: string; title?: string };
  spec: {
    parameters: unknown[];
    steps: { id: string; action: string }[];
    output?: unknown;
  };
}

/** Parses a software template and checks the fields the scaffolder needs before it runs one. */
export function loadTemplate(text: string): TemplateDocument {
  const doc = parse(text);
  if (
    doc?.apiVersion !== 'scaffolder.backstage.io/v1beta3' ||
    doc?.kind !== 'Template'
  ) {
    throw new Error('not a scaffolder.backstage.io/v1beta3 Template');
  }
  if (!Array.isArray(doc.spec?.steps) || doc.spec.steps.length === 0) {
    throw new Error(`template ${doc.metadata?.name} has no steps`);
  }
  for (const step of doc.spec.steps) {
    if (!step.id || !step.action) {
      throw new Error(
        `template ${doc.metadata?.name} has a step without id or action`,
      );
    }
  }
  return doc as TemplateDocument;
}
