import type { components, paths } from "./schema";

export type Workflow = components["schemas"]["Workflow"];
export type Execution = components["schemas"]["Execution"];
export type ExecutionStatus = components["schemas"]["ExecutionStatus"];
export type ExecutionStep = components["schemas"]["ExecutionStep"];
export type ExecutionPage = components["schemas"]["ExecutionPage"];
export type Template = components["schemas"]["Template"];
export type Metrics = components["schemas"]["Metrics"];
export type Outcomes = components["schemas"]["Outcomes"];
export type WorkflowMetrics = components["schemas"]["WorkflowMetrics"];
export type WorkflowActivity = components["schemas"]["WorkflowActivity"];
export type Caller = components["schemas"]["Caller"];
export type ActivationPreview = components["schemas"]["ActivationPreview"];
export type ExistingRecords = components["schemas"]["ActivateInput"]["existingRecords"];
export type WebConfig = components["schemas"]["WebConfig"];
export type TriggerType = NonNullable<NonNullable<paths["/api/workflows"]["get"]["parameters"]["query"]>["triggerType"]>;
export type TemplateCategory = NonNullable<NonNullable<paths["/api/templates"]["get"]["parameters"]["query"]>["category"]>;
export type Granularity = components["schemas"]["Metrics"]["granularity"];
