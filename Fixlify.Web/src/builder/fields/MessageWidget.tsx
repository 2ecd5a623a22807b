import { lazy, Suspense, useMemo } from "react";
import type { WidgetProps } from "@rjsf/utils";
import { parseChips } from "../plain/chips";
import { docPaths, docToHtml, docToText, htmlToDoc, textToDoc, type Doc } from "../plain/messageDoc";
import { chipLabel } from "../plain/menu";
import { countSms, smsWords } from "../plain/sms";
import { CodeSwitch, useCodeView } from "./CodeSwitch";
import { LazyCodeEditor } from "./LazyCodeEditor";
import { usePlainFields } from "./PlainFieldsContext";

const MessageEditor = lazy(() => import("./MessageEditor"));

/**
 * A message field (`x-liquid`: a subject, a body, a text message; `x-recipient`: an address) as text with chips; the SMS
 * text (`x-message: sms`) also counts characters and texts as it is typed. A text the chips cannot show (a `{% %}` tag,
 * another filter, a value not in the menus) stays in code view and is saved unchanged unless edited.
 */
export function MessageWidget({ id, value, label, schema, options, disabled, readonly, rawErrors, onChange }: WidgetProps) {
  const { menu, dateFormats, moneyFilter } = usePlainFields();
  const text = typeof value === "string" ? value : "";
  const rich = options.html === true;
  const chipOptions = { dateFormats: dateFormats.map((f) => f.format), moneyFilter };
  const doc = useMemo(() => {
    const parsed = rich ? htmlToDoc(text === "" ? "<p></p>" : text, chipOptions) : textToDoc(text, chipOptions);
    return parsed && docPaths(parsed).every((path) => menu.some((m) => m.path === path)) ? parsed : null;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, rich, menu, moneyFilter, dateFormats]);
  const plainPossible = doc !== null;
  const { code, setCode, typed } = useCodeView(plainPossible);
  const name = String(schema.title ?? label);
  const invalid = rawErrors !== undefined && rawErrors.length > 0;
  const hintId = `${id}-hint`;
  const serialize = (next: Doc) => {
    const out = rich ? docToHtml(next, chipOptions) : docToText(next, chipOptions);
    return out === "<p></p>" ? "" : out;
  };
  const hint = schema["x-message"] === "sms" ? smsHint(text, moneyFilter) : recipientHint(schema, menu);
  return (
    <div className="plain-field">
      {code || doc === null ? (
        <LazyCodeEditor id={id} label={name} value={text} language="liquid" disabled={disabled || readonly} invalid={invalid}
          onChange={(next) => {
            typed();
            onChange(next === "" ? undefined : next);
          }}
        />
      ) : (
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <MessageEditor
            id={id}
            label={name}
            doc={doc}
            menu={menu}
            dateFormats={dateFormats}
            multiline={options.multiline === true || rich}
            rich={rich}
            disabled={disabled || readonly}
            invalid={invalid}
            describedBy={hint ? hintId : undefined}
            text={text}
            serialize={serialize}
            onChange={(next) => onChange(next === "" ? undefined : next)}
          />
        </Suspense>
      )}
      {hint && (
        <p id={hintId} className="muted" aria-live="polite">
          {hint}
        </p>
      )}
      <CodeSwitch code={code} plainPossible={plainPossible} label={name} disabled={disabled || readonly} onSwitch={setCode} />
    </div>
  );
}

/** Characters and texts of an SMS as typed, each detail counted as ten characters. */
function smsHint(text: string, moneyFilter: string): string {
  const segments = parseChips(text, undefined, moneyFilter);
  if (segments === null) {
    return "This text is code: try it on a record to see its length and how many texts it makes.";
  }
  const literal = segments.map((s) => (typeof s === "string" ? s : "x".repeat(10))).join("");
  return smsWords(countSms(literal), segments.filter((s) => typeof s !== "string").length);
}

/** What an empty address field sends to: "Left empty, it goes to the client's email." */
function recipientHint(schema: WidgetProps["schema"], menu: ReturnType<typeof usePlainFields>["menu"]): string | null {
  if (schema["x-recipient"] === undefined || typeof schema.default !== "string" || typeof schema.description === "string") {
    return null;
  }
  const chip = parseChips(schema.default)?.find((s) => typeof s !== "string");
  const item = chip && typeof chip !== "string" ? menu.find((m) => m.path === chip.path) : undefined;
  return item ? `Left empty, it goes to the ${chipLabel(item).replace(/^(\w)/, (c) => c.toLowerCase())}.` : null;
}
