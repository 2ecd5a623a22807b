import type { PlainCatalog } from "../plainCatalog";

/** A catalog with the plain additions (helpers' PLAIN-CATALOG §1), trimmed to what the tests use. */
export const catalogFixture = {
  nodeKinds: [
    { kind: "delay", description: "Waits.", handles: [null], configSchema: {}, label: "Wait" },
    {
      kind: "wait_for_reply",
      description: "Waits for a reply.",
      handles: [null],
      configSchema: {},
      label: "Wait for a reply",
      outputs: [
        { name: "intent", label: "What they meant", kind: "choice", choices: [ { value: "confirm", label: "Confirmed" }, { value: "cancel", label: "Wants to cancel" } ] },
        { name: "text", label: "What they wrote", kind: "text" },
        { name: "timedOut", label: "No answer in time", kind: "boolean" },
        { name: "receivedAt", label: "When they answered", kind: "datetime" },
      ],
    },
  ],
  triggers: [
    {
      type: "invoice_overdue",
      entity: "invoice",
      records: ["client", "invoice"],
      configSchema: {},
      scheduleSchema: null,
      variables: ["organization.name", "client.first_name", "client.email", "invoice.status", "invoice.total", "invoice.due_date", "invoice.organization_id"],
      figures: [{ name: "daysActuallyOverdue", path: "trigger.daysActuallyOverdue", label: "Days past due", kind: "number" }],
      label: "An invoice is overdue",
    },
  ],
  actions: [{ type: "send_sms", configSchema: {}, defaultRetry: { maxAttempts: 3, firstInterval: "PT1M", backoffCoefficient: 2, maxInterval: "PT1H" }, label: "Send a text", outputs: [{ name: "messageId", label: "Message id", kind: "id", hidden: true }] }],
  retrySchema: {},
  onlyIfSchema: {},
  operators: ["eq", "ne", "gt", "in", "exists"],
  filters: [],
  tags: [],
  maxLoopIterations: 1000,
  records: [
    { name: "organization", label: "Organization", fields: [{ name: "name", path: "organization.name", label: "Name", kind: "text" }] },
    {
      name: "client",
      label: "Client",
      fields: [
        { name: "first_name", path: "client.first_name", label: "First name", kind: "text" },
        { name: "email", path: "client.email", label: "Email", kind: "email" },
      ],
    },
    {
      name: "invoice",
      label: "Invoice",
      fields: [
        { name: "status", path: "invoice.status", label: "Status", kind: "choice", choices: [ { value: "sent", label: "Sent" }, { value: "paid", label: "Paid" } ] },
        { name: "total", path: "invoice.total", label: "Total", kind: "money" },
        { name: "due_date", path: "invoice.due_date", label: "Due date", kind: "date" },
        { name: "organization_id", path: "invoice.organization_id", label: "Organization", kind: "id", hidden: true },
      ],
    },
    {
      name: "job",
      label: "Job",
      fields: [
        { name: "title", path: "job.title", label: "Title", kind: "text" },
        { name: "status", path: "job.status", label: "Status", kind: "choice", choices: [ { value: "scheduled", label: "Scheduled" }, { value: "in_progress", label: "In progress" } ] },
        { name: "description", path: "job.description", label: "Description", kind: "long_text" },
        { name: "confirmed_at", path: "job.confirmed_at", label: "Confirmed by the client", kind: "datetime" },
      ],
    },
  ],
  operatorLabels: [
    { op: "eq", label: "is", value: "one", kinds: ["text", "choice", "number", "money", "boolean", "email", "date"] },
    { op: "ne", label: "is not", value: "one", kinds: ["text", "choice", "number", "money", "boolean", "email", "date"] },
    { op: "gt", label: "is more than", value: "one", kinds: ["number", "money"] },
    { op: "gt", label: "is after", value: "one", kinds: ["date", "datetime"] },
    { op: "in", label: "is one of", value: "many", kinds: ["choice", "text"] },
    { op: "exists", label: "is filled in", value: "none", kinds: ["text", "choice", "number", "money", "boolean", "email", "date"] },
    { op: "exists", label: "is empty", value: "none", kinds: ["text", "choice", "number", "money", "boolean", "email", "date"], fixedValue: false },
  ],
  dateFormats: [
    { format: "%A, %B %-d at %-I:%M %p", example: "Tuesday, December 9 at 10:00 AM", kinds: ["datetime"] },
    { format: "%B %-d, %Y", example: "December 9, 2026", kinds: ["datetime", "date"] },
  ],
  moneyFilter: "currency",
} as unknown as PlainCatalog;

/** The "Update a record" schema as GET /api/catalog publishes it (UpdateRecordHandler.Validate). */
export const updateRecordSchema = {
  type: "object",
  additionalProperties: false,
  required: ["record", "fields"],
  properties: {
    record: { type: "string", title: "Record", enum: ["job", "invoice", "client", "estimate"] },
    id: { type: "string", title: "Which record", "x-liquid": true },
    fields: { type: "object", title: "Fields to change", minProperties: 1, additionalProperties: { type: ["string", "number", "boolean"], "x-liquid": true } },
  },
  allOf: [
    {
      oneOf: [
        { properties: { record: { const: "job" }, fields: { propertyNames: { enum: ["status", "confirmed_at", "description"] } } } },
        { properties: { record: { const: "invoice" }, fields: { propertyNames: { enum: ["status", "due_date"] } } } },
      ],
    },
  ],
};
