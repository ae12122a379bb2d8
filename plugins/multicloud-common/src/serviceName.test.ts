import { serviceNameProblems } from './serviceName';

describe('serviceNameProblems', () => {
  it.each(['orders', 'orders-api', 'a1', 'x'.repeat(32)])('accepts %s', name =>
    expect(serviceNameProblems(name)).toEqual([]),
  );

  it.each([
    ['', 'Give the service a name.'],
    ['a', 'Use 2 to 32 characters (this name has 1).'],
    ['x'.repeat(33), 'Use 2 to 32 characters (this name has 33).'],
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
