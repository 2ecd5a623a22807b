import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { ApiError } from "../api/ApiError";
import { keys, useAlertSettings } from "../api/queries";
import type { AlertSettings } from "../api/types";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";

const periods = [
  [15, "15 minutes"],
  [30, "30 minutes"],
  [60, "1 hour"],
  [120, "2 hours"],
  [240, "4 hours"],
  [1440, "1 day"],
] as const;

/** `/settings/alerts`: who is told when something fails, and what the app does with a message in doubt. */
export default function AlertSettingsPage() {
  const settings = useAlertSettings();
  return (
    <section>
      <div className="page-head">
        <h1>Alerts</h1>
      </div>
      {settings.isPending ? (
        <Skeleton rows={4} label="Loading the alert settings…" />
      ) : settings.isError ? (
        <ErrorBanner error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <AlertSettingsForm saved={settings.data} />
      )}
    </section>
  );
}

function AlertSettingsForm({ saved }: { saved: AlertSettings }) {
  const client = useQueryClient();
  const [emails, setEmails] = useState(saved.emails.join("\n"));
  const [phones, setPhones] = useState(saved.phones.join("\n"));
  const [inApp, setInApp] = useState(saved.inApp);
  const [period, setPeriod] = useState(saved.periodMinutes);
  const [resend, setResend] = useState<string[]>(saved.resendInDoubt);
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT("/api/settings/alerts", {
          body: { emails: lines(emails), phones: lines(phones), inApp, periodMinutes: period, resendInDoubt: resend },
        }),
      ),
    onSuccess: (data) => client.setQueryData(keys.alertSettings, data),
  });
  const problems = save.error instanceof ApiError ? save.error.errors : [];
  const problemOf = (field: string) => problems.filter((p) => p.path === field || p.path.startsWith(`${field}[`)).map((p) => p.message).join(" ");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="card settings-form" onSubmit={submit} aria-label="Alert settings">
      <p className="muted">When an automation fails, a provider stops answering, or a message may not have gone out, these people are told once, in words, with what to do.</p>
      {save.isSuccess && (
        <p className="banner banner-success" role="status">
          Saved.
        </p>
      )}
      {save.isError && problems.length === 0 && <ErrorBanner error={save.error} />}
      <Field id="alert-emails" label="Email addresses (one per line)" problem={problemOf("emails")}>
        <textarea id="alert-emails" rows={3} value={emails} onChange={(e) => setEmails(e.target.value)} aria-invalid={problemOf("emails") !== ""} aria-describedby="alert-emails-problem" />
      </Field>
      <Field id="alert-phones" label="Phone numbers for texts (one per line; texts wait for the quiet hours to end)" problem={problemOf("phones")}>
        <textarea id="alert-phones" rows={2} value={phones} onChange={(e) => setPhones(e.target.value)} aria-invalid={problemOf("phones") !== ""} aria-describedby="alert-phones-problem" />
      </Field>
      <div className="field">
        <label>
          <input type="checkbox" checked={inApp} onChange={(e) => setInApp(e.target.checked)} /> Show “Needs attention” on the dashboard
        </label>
      </div>
      <Field id="alert-period" label="One alert per automation every" problem={problemOf("periodMinutes")}>
        <select id="alert-period" value={period} onChange={(e) => setPeriod(Number(e.target.value))}>
          {periods.map(([minutes, label]) => (
            <option key={minutes} value={minutes}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="field">
        <legend>A message that may not have gone out (the app stopped while sending it)</legend>
        {(["email", "sms"] as const).map((channel) => (
          <label key={channel}>
            <input
              type="checkbox"
              checked={resend.includes(channel)}
              onChange={(e) => setResend(e.target.checked ? [...resend, channel] : resend.filter((c) => c !== channel))}
            />{" "}
            {channel === "email" ? "Send emails again by themselves" : "Send texts again by themselves"}
          </label>
        ))}
        <p className="muted">Off (the default): such a message is never sent twice; you decide under “Needs attention”. On: it always arrives, and some clients may get it twice.</p>
        {problemOf("resendInDoubt") && <p className="field-problem">{problemOf("resendInDoubt")}</p>}
      </fieldset>
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}

function Field({ id, label, problem, children }: { id: string; label: string; problem: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <p id={`${id}-problem`} className="field-problem" role={problem ? "alert" : undefined}>
        {problem}
      </p>
    </div>
  );
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
