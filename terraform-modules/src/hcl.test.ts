import { parseTerraform } from './hcl';

describe('parseTerraform', () => {
  it('reads blocks with HashiCorp’s parser', async () => {
    const json = await parseTerraform(
      'variables.tf',
      'variable "name" {\n  type        = string\n  description = "The service name"\n}\n',
    );
    expect(json.variable.name[0]).toMatchObject({
      type: '${string}',
      description: 'The service name',
    });
  });

  it('names the file when it does not parse', async () => {
    await expect(parseTerraform('broken.tf', 'variable "x" {')).rejects.toThrow(
      /broken\.tf/,
    );
  });
});
