import { parse } from '@cdktf/hcl2json';

/** Terraform configuration as HashiCorp's own HCL parser reads it, in its JSON form. */
export type TerraformJson = Record<string, any>;

/** Parses one `.tf` file; a syntax error names the file. */
export async function parseTerraform(
  fileName: string,
  text: string,
): Promise<TerraformJson> {
  try {
    return (await parse(fileName, text)) as TerraformJson;
  } catch (error) {
    throw new Error(
      `${fileName} does not parse as HCL: ${(error as Error).message}`,
    );
  }
}
