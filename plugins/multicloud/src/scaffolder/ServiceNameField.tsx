import {
  discoveryApiRef,
  fetchApiRef,
  type ApiHolder,
} from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  serviceNameProblems,
  type ServiceNameCheck,
} from '@multicloud/backstage-plugin-multicloud-common';
import TextField from '@material-ui/core/TextField';

/** The `ui:field` a template names to use this field. */
export const SERVICE_NAME_FIELD = 'MulticloudServiceName';

/**
 * The new service's name. What is wrong with it is said once, in words, by the form under the
 * field (the validator's errors), so the field itself only turns red.
 */
export function ServiceNameField(props: FieldExtensionComponentProps<string>) {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
    disabled,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder="orders"
      helperText={description}
      required={required}
      disabled={disabled}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value.trim())}
      error={Boolean(rawErrors?.length)}
      margin="normal"
      fullWidth
      // The template asks for it (ui:autofocus): the name is the first thing to type.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={Boolean(uiSchema?.['ui:autofocus'])}
      inputProps={{ autoCapitalize: 'none', spellCheck: false }}
    />
  );
}

/** What the scaffolder backend's name check answers (the scaffolder module's route). */
export async function checkServiceName(
  apis: ApiHolder,
  name: string,
): Promise<ServiceNameCheck> {
  const discovery = apis.get(discoveryApiRef);
  const fetchApi = apis.get(fetchApiRef);
  if (!discovery || !fetchApi)
    throw new Error('the portal has no discovery or fetch API');
  const base = await discovery.getBaseUrl('scaffolder');
  const response = await fetchApi.fetch(
    `${base}/multicloud/service-names/${encodeURIComponent(name)}`,
  );
  if (!response.ok) throw new Error(`the portal answered ${response.status}`);
  return response.json();
}

/**
 * Runs when the user leaves the first page (Backstage awaits a field's validation on "Next"):
 * the naming rules here, then whether the catalog, the sandbox or the local git server already
 * uses the name. One error, in sentences.
 */
export const validateServiceName: CustomFieldValidator<string> = async (
  name,
  field,
  { apiHolder },
) => {
  const rules = serviceNameProblems(name ?? '');
  if (rules.length) {
    field.addError(rules.join(' '));
    return;
  }
  let check: ServiceNameCheck;
  try {
    check = await checkServiceName(apiHolder, name);
  } catch (error) {
    field.addError(
      `Could not check whether ${name} is free (${
        (error as Error).message
      }). Try again in a moment.`,
    );
    return;
  }
  if (!check.available) field.addError(check.problems.join(' '));
};
