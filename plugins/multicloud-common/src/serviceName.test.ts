import { SERVICE_NAME_PATTERN, serviceNameProblems } from './serviceName';

describe('serviceNameProblems', () => {
  it.each(['orders', 'orders-api', 'a', 'a1', 'x'.repeat(32)])(
    'accepts %s',
    name => expect(serviceNameProblems(name)).toEqual([]),
  );

  it('agrees with the pattern the template and the Terraform modules check', () => {
    for (const name of [
      'a',
      'a-b',
      'ab',
      'a--b',
      'Ab',
      '1a',
      'a-',
      'x'.repeat(33),
      'a_b',
    ])
      expect(serviceNameProblems(name).length === 0).toBe(
        SERVICE_NAME_PATTERN.test(name),
      );
  });

  it.each([
    ['', 'Give the service a name.'],
    ['x'.repeat(33), 'Use at most 32 characters (this name has 33).'],
    ['Orders', 'Use lower-case letters only: orders.'],
    ['1orders', 'Start with a letter.'],
    ['orders_api', 'Use only letters, digits and dashes, not "_".'],
    ['my orders', 'Use only letters, digits and dashes, not spaces.'],
    ['orders-', 'End with a letter or a digit.'],
  ])('says in words what is wrong with "%s"', (name, sentence) => {
    expect(serviceNameProblems(name)).toEqual([sentence]);
  });

  it('never shows the pattern it checks', () => {
    for (const name of ['', 'A_', '-', '9 9'])
      for (const p of serviceNameProblems(name))
        expect(p).not.toMatch(/[\^$\\[\]{}]/);
  });
});
