import { useState } from "react";
import type { FieldProps } from "@rjsf/utils";
import { durationWords, type PlainDuration } from "../plain/duration";
import { momentConfig, plainMoment, type Moment } from "../plain/moment";
import { CodeSwitch, useCodeView } from "./CodeSwitch";
import { DurationInput } from "./DurationInput";
import { FieldPicker, fitting } from "./FieldPicker";
import { LazyCodeEditor } from "./LazyCodeEditor";
import { usePlainFields } from "./PlainFieldsContext";

const modeWords = { wait: "A set time", relative: "Until a date of the record", at: "Until a fixed date and time" } as const;

/**
 * A delay's settings as a moment: "Wait [3] [days]", "[24] [hours] [before] [Job › Scheduled start]" (dates from the
 * trigger's records), or a fixed date and time in the organization's zone when the catalog offers `at`. A config the
 * plain controls cannot show stays as code (JSON).
 */
export function MomentField({ fieldPathId, formData, schema, errorSchema, disabled, readonly, onChange }: FieldProps) {
  const { menu } = usePlainFields();
  const id = fieldPathId.$id;
  const config = (formData ?? {}) as Record<string, unknown>;
  const empty = Object.keys(config).length === 0;
  const moment = empty ? null : plainMoment(config);
  const dates = fitting(menu, "date");
  const offersAt = typeof (schema.properties as Record<string, unknown> | undefined)?.at === "object";
  const plainPossible = empty || (moment !== null && (moment.mode !== "relative" || dates.some((d) => d.path === moment.until)));
  const { code, setCode, typed } = useCodeView(plainPossible);
  const [draft, setDraft] = useState<Moment>(moment ?? { mode: "wait", duration: { amount: NaN, unit: "days", negative: false } });
  const shown = moment ?? draft;
  const locked = disabled || readonly;
  const problems = Object.values((errorSchema ?? {}) as Record<string, { __errors?: string[] }>).flatMap((e) => e?.__errors ?? []);
  const set = (next: Moment) => {
    setDraft(next);
    const incomplete = (next.mode !== "at" && Number.isNaN(next.duration.amount)) || (next.mode === "relative" && next.until === "") || (next.mode === "at" && next.at === "");
    onChange(incomplete ? {} : momentConfig(next), fieldPathId.path);
  };
  const setDuration = (duration: PlainDuration) => set(shown.mode === "at" ? shown : { ...shown, duration });
  return (
    <fieldset className="plain-field moment">
      <legend>When it goes on</legend>
      {code ? (
        <LazyCodeEditor
          id={id}
          label="When it goes on"
          value={JSON.stringify(config, null, 2)}
          language="json"
          disabled={locked}
          onChange={(text) => {
            typed();
            try {
              onChange(JSON.parse(text), fieldPathId.path);
            } catch {
              // kept until it parses: the last valid settings stay
            }
          }}
        />
      ) : (
        <>
          <label htmlFor={`${id}-mode`}>How long it waits</label>
          <select
            id={`${id}-mode`}
            value={shown.mode}
            disabled={locked}
            onChange={(event) => {
              const mode = event.target.value as Moment["mode"];
              const duration = shown.mode === "at" ? { amount: NaN, unit: "hours" as const, negative: false } : shown.duration;
              set(mode === "wait" ? { mode, duration } : mode === "relative" ? { mode, duration, after: false, until: dates[0]?.path ?? "" } : { mode, at: "" });
            }}
          >
            {(Object.keys(modeWords) as Moment["mode"][])
              .filter((mode) => mode !== "at" || offersAt || shown.mode === "at")
              .map((mode) => (
                <option key={mode} value={mode} disabled={mode === "relative" && dates.length === 0}>
                  {modeWords[mode]}
                </option>
              ))}
          </select>
          {shown.mode !== "at" && <DurationInput id={`${id}-amount`} label={shown.mode === "wait" ? "How long" : "How long before or after"} value={shown.duration} disabled={locked} invalid={problems.length > 0} onChange={setDuration} />}
          {shown.mode === "relative" && (
            <>
              <select aria-label="Before or after" value={shown.after ? "after" : "before"} disabled={locked} onChange={(event) => set({ ...shown, after: event.target.value === "after" })}>
                <option value="before">before</option>
                <option value="after">after</option>
              </select>
              <FieldPicker id={`${id}-until`} label="The date" value={shown.until} items={dates} disabled={locked} placeholder="Choose a date" onChange={(item) => set({ ...shown, until: item.path })} />
            </>
          )}
          {shown.mode === "at" && (
            <label>
              Date and time (the organization's time zone)
              <input type="datetime-local" value={shown.at} disabled={locked} onChange={(event) => set({ mode: "at", at: event.target.value.slice(0, 16) })} />
            </label>
          )}
          <p className="muted">{momentSentence(shown, dates)}</p>
        </>
      )}
      {problems.map((problem) => (
        <p key={problem} className="field-error">
          {problem}
        </p>
      ))}
      <CodeSwitch code={code} plainPossible={plainPossible} label="When it goes on" disabled={locked} onSwitch={setCode} />
    </fieldset>
  );
}

/** "Waits 3 days.", "Goes on 24 hours before Job › Start.", "Goes on Thursday, December 24, 2026 at 9:00 AM, in …" */
function momentSentence(moment: Moment, dates: { path: string; group: string; field: string }[]): string {
  if (moment.mode === "at") {
    // A wall-clock time in the organization's zone: read and written in the same (browser) zone, so the clock stays as typed.
    const words = new Date(`${moment.at}:00`).toLocaleString("en-US", { weekday: "long", month: "long", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit" });
    return moment.at === "" ? "Choose the date and time." : `Goes on ${words}, in your business's time zone.`;
  }
  if (Number.isNaN(moment.duration.amount)) {
    return "Enter how long to wait, such as 3 days.";
  }
  if (moment.mode === "wait") {
    return `Waits ${durationWords(moment.duration)}.`;
  }
  const date = dates.find((d) => d.path === moment.until);
  const which = date ? `${date.group} › ${date.field}` : "the chosen date";
  return moment.duration.amount === 0 ? `Goes on at ${which}.` : `Goes on ${durationWords(moment.duration)} ${moment.after ? "after" : "before"} ${which}.`;
}

