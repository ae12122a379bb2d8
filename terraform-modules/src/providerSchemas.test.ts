import {
  semverRange,
  summariseAssembly,
  versionsToCheck,
} from './providerSchemas';

describe('provider versions', () => {
  it('reads Terraform’s constraints as semver ranges', () => {
    expect(semverRange('~> 4.31')).toBe('>=4.31.0 <5.0.0');
    expect(semverRange('~> 4.31.2')).toBe('>=4.31.2 <4.32.0');
    expect(semverRange('>= 5.80, < 6.0')).toBe('>=5.80.0 <6.0.0');
    expect(semverRange('4.55.0')).toBe('4.55.0');
    expect(() => semverRange('latest')).toThrow(
      'not a Terraform version constraint: latest',
    );
  });

  it('checks the lowest and the newest published version a constraint allows', () => {
    const published = ['4.9.0', '4.10.0', '4.31.0', '4.55.0', '5.0.0'];
    expect(versionsToCheck('~> 4.10', published)).toEqual(['4.10.0', '4.55.0']);
    expect(versionsToCheck('~> 4.55', published)).toEqual(['4.55.0']);
    expect(versionsToCheck('~> 6.0', published)).toEqual([]);
  });
});

describe('reading a jsii assembly', () => {
  const link = (anchor: string) =>
    `Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/x/1.0.0/docs/resources/thing#${anchor} Thing#${anchor}}.`;
  const assembly = {
    types: {
      'p.provider.XProvider': {
        fqn: 'p.provider.XProvider',
        kind: 'class',
        docs: {
          summary:
            'Represents a {@link https://registry.terraform.io/providers/hashicorp/x/1.0.0/docs x}.',
        },
        properties: [],
      },
      'p.provider.XProviderConfig': {
        fqn: 'p.provider.XProviderConfig',
        kind: 'interface',
        datatype: true,
        properties: [
          { name: 'alias', optional: true, type: { primitive: 'string' } },
          {
            name: 'region',
            optional: true,
            docs: {
              summary:
                'Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/x/1.0.0/docs#region XProvider#region}.',
            },
            type: { primitive: 'string' },
          },
        ],
      },
      'p.thing.Thing': {
        fqn: 'p.thing.Thing',
        kind: 'class',
        docs: {
          summary:
            'Represents a {@link https://registry.terraform.io/providers/hashicorp/x/1.0.0/docs/resources/thing x_thing}.',
        },
        properties: [
          {
            name: 'tfResourceType',
            static: true,
            type: { primitive: 'string' },
          },
          { name: 'defaultHostname', type: { primitive: 'string' } },
          { name: 'nameInput', type: { primitive: 'string' } },
        ],
      },
      'p.thing.ThingConfig': {
        fqn: 'p.thing.ThingConfig',
        kind: 'interface',
        datatype: true,
        properties: [
          {
            name: 'name',
            docs: { summary: link('name') },
            type: { primitive: 'string' },
          },
          {
            name: 'forEachKey',
            optional: true,
            docs: { summary: link('for_each_key') },
            type: { primitive: 'string' },
          },
          {
            name: 'rule',
            optional: true,
            docs: { remarks: link('rule') },
            type: {
              union: {
                types: [
                  { fqn: 'cdktf.IResolvable' },
                  {
                    collection: {
                      kind: 'array',
                      elementtype: { fqn: 'p.thing.ThingRule' },
                    },
                  },
                ],
              },
            },
          },
        ],
      },
      'p.thing.ThingRule': {
        fqn: 'p.thing.ThingRule',
        kind: 'interface',
        datatype: true,
        properties: [
          {
            name: 'port',
            docs: { summary: link('port') },
            type: { primitive: 'number' },
          },
        ],
      },
    },
  };

  it('lists each resource’s arguments by their Terraform names, whether required, its nested blocks and the attributes it exports', () => {
    expect(
      summariseAssembly(assembly, 'hashicorp/x', '1.0.0', 'p@1').resources,
    ).toEqual({
      x_thing: {
        attributes: { name: true, for_each_key: false },
        blocks: {
          rule: {
            required: false,
            block: { attributes: { port: true }, blocks: {} },
          },
        },
        exported: ['default_hostname'],
        nested: {},
      },
    });
  });

  it('reads the provider’s own configuration block, without the alias cdktf adds', () => {
    const summary = summariseAssembly(assembly, 'hashicorp/x', '1.0.0', 'p@1');
    expect(summary.provider).toEqual({
      attributes: { region: false },
      blocks: {},
    });
    expect(Object.keys(summary.resources)).toEqual(['x_thing']);
  });
});
