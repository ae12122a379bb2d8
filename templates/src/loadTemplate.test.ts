import { loadTemplate } from './loadTemplate';

describe('loadTemplate', () => {
  it('reads a v1beta3 template', () => {
    const doc = loadTemplate(
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\nspec:\n  parameters: []\n  steps:\n    - {id: fetch, action: fetch:template}\n',
    );
    expect(doc.spec.steps[0].action).toBe('fetch:template');
  });

  it('refuses other documents and steps without an action', () => {
    expect(() => loadTemplate('kind: Component')).toThrow(/v1beta3/);
    expect(() =>
      loadTemplate(
        'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\nspec:\n  steps:\n    - {id: x}\n',
      ),
    ).toThrow(/without id or action/);
  });
});
