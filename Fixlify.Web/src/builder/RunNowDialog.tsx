import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorBanner } from "../ui/ErrorBanner";
import { contextFor, type RecordSummary } from "./builderApi";
import { addresses, maskPhone } from "./words/recipients";

const channelWords: Record<string, string> = { email: "Email", sms: "Text", push: "Notification", webhook: "Webhook" };
const text = (value: unknown) => (typeof value === "string" ? value : null);

/**
 * Before a real run: the record it runs on and who would receive what (from a dry run of the saved automation; phone
 * numbers masked), and an explicit "Run it for real".
 */
export function RunNowDialog({
  open,
  workflowId,
  record,
  busy,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  workflowId: string;
  record: RecordSummary | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const preview = useQuery({
    queryKey: keys.runPreview(workflowId, record?.id ?? ""),
    enabled: open && record !== null,
    staleTime: 0,
    queryFn: ({ signal }) =>
      call(api.POST("/api/workflows/{id}/test", { params: { path: { id: workflowId } }, body: { context: contextFor(record) }, signal })),
  });
  const messages = (preview.data?.steps ?? []).flatMap((step) => {
    const shown = (step.preview ?? {}) as Record<string, unknown>;
    const message = (shown.message ?? shown) as Record<string, unknown>;
    const channel = text(shown.channel) ?? text(message.channel);
    if (!channel || step.status === "skipped") {
      return [];
    }
    const to = addresses(message.to).map((a) => (channel === "sms" ? maskPhone(a) : a));
    const what = text(message.subject) ?? text(message.message) ?? text(message.title) ?? "";
    const held = step.status === "suppressed" ? " (would not be sent)" : "";
    return [`${channelWords[channel] ?? channel} to ${to.length > 0 ? to.join(", ") : "nobody"}${what ? `: “${what}”` : ""}${held}`];
  });
  return (
    <ConfirmDialog
      open={open}
      title={`Run now on ${record?.label ?? "this record"}?`}
      confirmLabel="Run it for real"
      cancelLabel="Cancel"
      busy={busy || preview.isPending}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        It runs on <strong>{record?.label}</strong> and sends real messages.
      </p>
      {preview.isPending ? (
        <p className="muted">Checking who would receive what…</p>
      ) : preview.isError ? (
        <ErrorBanner error={preview.error} onRetry={() => void preview.refetch()} />
      ) : messages.length === 0 ? (
        <p>Nobody would receive anything from this run.</p>
      ) : (
        <ul aria-label="Who would receive what">
          {messages.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
    </ConfirmDialog>
  );
}
