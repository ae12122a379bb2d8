import semver from 'semver';

/**
 * The arguments of the two state backends our Terraform uses, `s3` and `azurerm`, as Terraform
 * itself declares them. A backend is part of Terraform, not of a provider, so no provider schema
 * holds them: they were read from hashicorp/terraform's source, at each version tag below:
 *
 * - s3: `(*Backend).ConfigSchema` in internal/backend/remote-state/s3/backend.go, its nested
 *   `assumeRoleSchema`, `assumeRoleWithWebIdentitySchema` and `endpointsSchema`, and the
 *   `deprecatedAttrDiag` calls in its `PrepareConfig` (the replacement each warning names).
 * - azurerm: `New` in internal/backend/remote-state/azure/backend.go (a legacy-SDK schema at
 *   1.10.0, where `Required` with a `DefaultFunc` counts as optional, as
 *   internal/legacy/helper/schema/core_schema.go turns it; `Deprecated` flags at 1.15.9, whose
 *   `endpoint` description names `msi_endpoint` as its successor).
 *
 * v1.10.0 is commit 24236f4f0bd10ada71d70868abe15f9d88099747 and v1.15.9, the newest release
 * tag in the source read, 87488977e32a400445e0c0b4d95c0713a5eee941. Between them s3 deprecated
 * `dynamodb_table` for `use_lockfile` (from 1.11.0) and `endpoints.dynamodb` with it; azurerm
 * was rewritten on the go-azure-sdk (1.11) and gained arguments, removing none.
 */

/** One backend's configuration (or one object-typed argument of it). */
export interface BackendSchema {
  /** Arguments `terraform_remote_state`'s config must set (a backend block may leave them to `-backend-config`). */
  required: string[];
  optional: string[];
  /** Deprecated arguments and the argument that replaces each ('' when the source names none). */
  deprecated: Record<string, string>;
  /** Object-typed arguments (`assume_role = { ... }`) and their own arguments. */
  objects?: Record<string, BackendSchema>;
}

/** By Terraform version, then backend type. */
export const BACKEND_SCHEMAS: Record<string, Record<string, BackendSchema>> = {
  '1.10.0': {
    s3: {
      required: ['bucket', 'key'],
      optional: [
        'region',
        'allowed_account_ids',
        'dynamodb_endpoint',
        'ec2_metadata_service_endpoint',
        'ec2_metadata_service_endpoint_mode',
        'endpoint',
        'endpoints',
        'forbidden_account_ids',
        'iam_endpoint',
        'sts_endpoint',
        'sts_region',
        'encrypt',
        'acl',
        'access_key',
        'secret_key',
        'kms_key_id',
        'dynamodb_table',
        'use_lockfile',
        'profile',
        'retry_mode',
        'shared_config_files',
        'shared_credentials_file',
        'shared_credentials_files',
        'token',
        'skip_credentials_validation',
        'skip_requesting_account_id',
        'skip_metadata_api_check',
        'skip_region_validation',
        'skip_s3_checksum',
        'sse_customer_key',
        'workspace_key_prefix',
        'force_path_style',
        'use_path_style',
        'max_retries',
        'assume_role',
        'assume_role_with_web_identity',
        'custom_ca_bundle',
        'http_proxy',
        'https_proxy',
        'no_proxy',
        'insecure',
        'use_fips_endpoint',
        'use_dualstack_endpoint',
      ],
      deprecated: {
        dynamodb_endpoint: 'endpoints.dynamodb',
        endpoint: 'endpoints.s3',
        iam_endpoint: 'endpoints.iam',
        sts_endpoint: 'endpoints.sts',
        shared_credentials_file: 'shared_credentials_files',
        force_path_style: 'use_path_style',
      },
      objects: {
        endpoints: {
          required: [],
          optional: ['dynamodb', 'iam', 's3', 'sso', 'sts'],
          deprecated: {},
        },
        assume_role: {
          required: ['role_arn'],
          optional: [
            'duration',
            'external_id',
            'policy',
            'policy_arns',
            'session_name',
            'source_identity',
            'tags',
            'transitive_tag_keys',
          ],
          deprecated: {},
        },
        assume_role_with_web_identity: {
          required: ['role_arn'],
          optional: [
            'duration',
            'policy',
            'policy_arns',
            'session_name',
            'web_identity_token',
            'web_identity_token_file',
          ],
          deprecated: {},
        },
      },
    },
    azurerm: {
      required: ['storage_account_name', 'container_name', 'key'],
      optional: [
        'metadata_host',
        'environment',
        'access_key',
        'sas_token',
        'snapshot',
        'resource_group_name',
        'client_id',
        'endpoint',
        'subscription_id',
        'tenant_id',
        'client_certificate_password',
        'client_certificate_path',
        'client_secret',
        'use_msi',
        'msi_endpoint',
        'use_oidc',
        'oidc_token',
        'oidc_token_file_path',
        'oidc_request_url',
        'oidc_request_token',
        'use_azuread_auth',
      ],
      deprecated: {},
    },
  },
  '1.15.9': {
    s3: {
      required: ['bucket', 'key'],
      optional: [
        'region',
        'allowed_account_ids',
        'dynamodb_endpoint',
        'ec2_metadata_service_endpoint',
        'ec2_metadata_service_endpoint_mode',
        'endpoint',
        'endpoints',
        'forbidden_account_ids',
        'iam_endpoint',
        'sts_endpoint',
        'sts_region',
        'encrypt',
        'acl',
        'access_key',
        'secret_key',
        'kms_key_id',
        'dynamodb_table',
        'use_lockfile',
        'profile',
        'retry_mode',
        'shared_config_files',
        'shared_credentials_file',
        'shared_credentials_files',
        'token',
        'skip_credentials_validation',
        'skip_requesting_account_id',
        'skip_metadata_api_check',
        'skip_region_validation',
        'skip_s3_checksum',
        'sse_customer_key',
        'workspace_key_prefix',
        'force_path_style',
        'use_path_style',
        'max_retries',
        'assume_role',
        'assume_role_with_web_identity',
        'custom_ca_bundle',
        'http_proxy',
        'https_proxy',
        'no_proxy',
        'insecure',
        'use_fips_endpoint',
        'use_dualstack_endpoint',
      ],
      deprecated: {
        dynamodb_endpoint: 'endpoints.dynamodb',
        endpoint: 'endpoints.s3',
        iam_endpoint: 'endpoints.iam',
        sts_endpoint: 'endpoints.sts',
        dynamodb_table: 'use_lockfile',
        shared_credentials_file: 'shared_credentials_files',
        force_path_style: 'use_path_style',
      },
      objects: {
        endpoints: {
          required: [],
          optional: ['dynamodb', 'iam', 's3', 'sso', 'sts'],
          deprecated: { dynamodb: '' },
        },
        assume_role: {
          required: ['role_arn'],
          optional: [
            'duration',
            'external_id',
            'policy',
            'policy_arns',
            'session_name',
            'source_identity',
            'tags',
            'transitive_tag_keys',
          ],
          deprecated: {},
        },
        assume_role_with_web_identity: {
          required: ['role_arn'],
          optional: [
            'duration',
            'policy',
            'policy_arns',
            'session_name',
            'web_identity_token',
            'web_identity_token_file',
          ],
          deprecated: {},
        },
      },
    },
    azurerm: {
      required: ['storage_account_name', 'container_name', 'key'],
      optional: [
        'subscription_id',
        'resource_group_name',
        'lookup_blob_endpoint',
        'snapshot',
        'environment',
        'metadata_host',
        'access_key',
        'sas_token',
        'tenant_id',
        'client_id',
        'client_id_file_path',
        'endpoint',
        'client_certificate',
        'client_certificate_path',
        'client_certificate_password',
        'client_secret',
        'client_secret_file_path',
        'use_oidc',
        'ado_pipeline_service_connection_id',
        'oidc_request_token',
        'oidc_request_url',
        'oidc_token',
        'oidc_token_file_path',
        'use_msi',
        'msi_endpoint',
        'use_cli',
        'use_aks_workload_identity',
        'use_azuread_auth',
      ],
      deprecated: { endpoint: 'msi_endpoint' },
    },
  },
};

/**
 * The recorded versions a `required_version` range (as semver) allows, and whether it also allows
 * a release older than every recorded one, whose backends this check cannot vouch for.
 */
export function terraformVersionsToCheck(range: string): {
  versions: string[];
  olderAllowed: boolean;
} {
  const recorded = Object.keys(BACKEND_SCHEMAS).sort(semver.compare);
  return {
    versions: recorded.filter(v => semver.satisfies(v, range)),
    olderAllowed: semver.intersects(range, `<${recorded[0]}`),
  };
}
