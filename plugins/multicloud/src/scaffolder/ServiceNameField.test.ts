import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import type { FieldValidation } from '@rjsf/utils';
import { validateServiceName } from './ServiceNameField';

/** The form's view of the field: the errors the validator added. */
function runValidation(name: string, answer: () => Promise<Response>) {
  const errors: string[] = [];
  const field = {
    addError: (m: string) => errors.push(m),
  } as unknown as FieldValidation;
  const fetch = jest.fn(answer);
  const apis = new Map<string, unknown>([
    [
      discoveryApiRef.id,
      { getBaseUrl: async (id: string) => `http://portal/api/${id}` },
    ],
    [fetchApiRef.id, { fetch }],
  ]);
  const apiHolder = { get: (ref: { id: string }) => apis.get(ref.id) };
  return Promise.resolve(
    validateServiceName(name, field, {
      apiHolder: apiHolder as never,
      formData: {},
      schema: {},
    }),
  ).then(() => ({ errors, fetch }));
}

const json = (body: unknown, status = 200) =>
  Promise.resolve(
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );

describe('the service name field', () => {
  it('refuses a name the backend says is taken, in one message, before the first page is left', async () => {
    const { errors, fetch } = await runValidation('orders', () =>
      json({
        name: 'orders',
        available: false,
        problems: [
          'The catalog already has component:default/orders.',
          'Choose another name.',
        ],
        unchecked: [],
      }),
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/scaffolder/multicloud/service-names/orders',
    );
    expect(errors).toEqual([
      'The catalog already has component:default/orders. Choose another name.',
    ]);
  });

  it('accepts a free name', async () => {
    const { errors } = await runValidation('payments', () =>
      json({ name: 'payments', available: true, problems: [], unchecked: [] }),
    );
    expect(errors).toEqual([]);
  });

  it('says in words what breaks the rules, without asking the backend', async () => {
    const { errors, fetch } = await runValidation('Orders_', () => json({}));
    expect(errors).toEqual([
      'Use lower-case letters only: orders_. Use only letters, digits and dashes, not "_".',
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('blocks with a plain sentence when the check cannot be made', async () => {
    const { errors } = await runValidation('payments', () =>
      json({ error: {} }, 503),
    );
    expect(errors).toEqual([
      'Could not check whether payments is free (the portal answered 503). Try again in a moment.',
    ]);
  });
});
