import { useMemo } from "react";
import Form from "@rjsf/core";
import { customizeValidator } from "@rjsf/validator-ajv8";
import type { ErrorSchema, RegistryFieldsType, RegistryWidgetsType } from "@rjsf/utils";
import { fieldTitle, formOf } from "./formSchema";
import { JsonField } from "./JsonField";
import { MessageWidget } from "./fields/MessageWidget";
import { DurationWidget } from "./fields/DurationWidget";
import { PathWidget } from "./fields/PathWidget";
import { MomentField } from "./fields/MomentField";
import { RecordFieldsField } from "./fields/RecordFieldsField";
import { MeaningsField } from "./fields/MeaningsField";
import { RuleField } from "./fields/RuleField";
import { usePlainFields } from "./fields/PlainFieldsContext";
import type { Schema } from "./builderApi";

/** ISO-8601 durations as the engine reads them (xs:duration, negative allowed): PT30M, P3D, -PT24H. */
const validator = customizeValidator({ customFormats: { duration: /^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/ } });
const widgets: RegistryWidgetsType = { message: MessageWidget, duration: DurationWidget, path: PathWidget };
const fields: RegistryFieldsType = { json: JsonField, moment: MomentField, recordFields: RecordFieldsField, meanings: MeaningsField, rule: RuleField };

/**
 * A form generated from a catalog JSON Schema (rjsf): the fields, their types, lists and limits come from the schema, each
 * shown by its plain control (builder/fields: chips, durations, menus of fields) with "Edit as code" beside it; the
 * server's problems for these fields (`errors`, as rjsf's error schema) show under each field. Every change is passed on
 * at once (the builder validates the whole workflow as the person types).
 */
export default function ConfigForm({
  id,
  schema,
  value,
  errors,
  disabled,
  onChange,
}: {
  id: string;
  schema: Schema | null | undefined;
  value: Record<string, unknown> | undefined;
  errors: Record<string, unknown>;
  disabled?: boolean;
  onChange: (value: Record<string, unknown>) => void;
}) {
  const { enumLabels } = usePlainFields();
  const form = useMemo(() => {
    const generated = formOf(schema, (value) => enumLabels.get(value));
    titled(generated.schema as Schema);
    return generated;
  }, [schema, enumLabels]);
  return (
    <Form
      idPrefix={id}
      schema={form.schema}
      uiSchema={{ ...form.uiSchema, "ui:submitButtonOptions": { norender: true } }}
      formData={value ?? {}}
      formContext={{ config: value ?? {} }}
      validator={validator}
      widgets={widgets}
      fields={fields}
      extraErrors={errors as ErrorSchema}
      showErrorList={false}
      noHtml5Validate
      disabled={disabled}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults" }}
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
}

/** Gives each property a title in words ("maxIterations" → "Max iterations"), so labels read as the office speaks. */
function titled(schema: Schema) {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(properties)) {
    property.title ??= fieldTitle(key);
    if (property.type === "object") {
      titled(property);
    }
  }
}
