import { DEFAULT_SANDBOX_PORTS, resolveSandboxPorts } from './ports';

describe('resolveSandboxPorts', () => {
  it('keeps the defaults for ports not configured', () => {
    expect(resolveSandboxPorts({ router: 8100 })).toEqual({
      ...DEFAULT_SANDBOX_PORTS,
      router: 8100,
    });
  });

  it('refuses ports out of range and ports used twice', () => {
    expect(() => resolveSandboxPorts({ aws: 70000 })).toThrow(
      /from 1 to 65535/,
    );
    expect(() =>
      resolveSandboxPorts({ aws: DEFAULT_SANDBOX_PORTS.azure }),
    ).toThrow(/both/);
  });
});
