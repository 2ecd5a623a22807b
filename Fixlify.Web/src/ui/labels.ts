import type { ExecutionStatus, TemplateCategory, TriggerType } from "../api/types";

/** Trigger types in the business's words. Typed against the API's list: a new trigger type must be named here. */
export const triggerLabels: Record<TriggerType, string> = {
  job_created: "Job created",
  job_status_changed: "Job status changed",
  job_completed: "Job completed",
  job_cancelled: "Job cancelled",
  job_technician_assigned: "Technician assigned to a job",
  job_rescheduled: "Job rescheduled",
  job_overdue: "Job running late",
  invoice_created: "Invoice created",
  invoice_sent: "Invoice sent",
  invoice_paid: "Invoice paid",
  invoice_partially_paid: "Invoice partly paid",
  invoice_voided: "Invoice voided",
  invoice_overdue: "Invoice overdue",
  client_created: "New client",
  client_updated: "Client details changed",
  client_inactive: "Client inactive",
  estimate_created: "Estimate created",
  estimate_sent: "Estimate sent",
  estimate_accepted: "Estimate accepted",
  estimate_declined: "Estimate declined",
  scheduled: "At a set time",
  recurring: "On a schedule",
  manual: "Started by hand",
};

/** Every trigger type as a choice: [value, words]. */
export const triggerOptions = Object.entries(triggerLabels) as [TriggerType, string][];

export function triggerLabel(type: string | null | undefined): string {
  return (type && triggerLabels[type as TriggerType]) || type || "—";
}

export const statusLabels: Record<ExecutionStatus, string> = {
  pending: "Queued",
  processing: "Running",
  waiting: "Waiting",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
  held_out: "Held out (comparison group)",
  paused: "Paused",
};

export const categoryLabels: Record<TemplateCategory, string> = {
  appointments: "Appointments",
  jobs: "Jobs",
  billing: "Billing",
  sales: "Sales",
  clients: "Clients",
  team: "Team",
};

/** Step types: the action types and the flow steps. */
const stepLabels: Record<string, string> = {
  send_email: "Email",
  send_sms: "Text message",
  send_push_notification: "Push notification",
  send_message: "Message",
  webhook: "Webhook",
  api_call: "API call",
  update_record: "Update a record",
  create_task: "Task for the office",
  assign_technician: "Assign a technician",
  condition: "Check",
  delay: "Wait",
  loop: "Repeat",
  wait_for_reply: "Wait for reply",
  wait_for_event: "Wait for event",
};

export function stepLabel(type: string): string {
  return stepLabels[type] ?? type.replaceAll("_", " ");
}

/** Step statuses the engine writes, in words. */
export function stepStatusLabel(status: string): string {
  const words: Record<string, string> = {
    completed: "Done",
    failed: "Failed",
    waiting: "Waiting",
    skipped: "Skipped",
    suppressed: "Not sent",
    processing: "Running",
    pending: "Queued",
    cancelled: "Cancelled",
  };
  return words[status] ?? status;
}
