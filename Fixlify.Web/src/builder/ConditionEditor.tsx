import { useId } from "react";
import { useVariables } from "./variables";
import { usePlainFields } from "./fields/PlainFieldsContext";
import { FieldPicker } from "./fields/FieldPicker";
import { RuleValueInput } from "./fields/RuleValueInput";
import { CodeSwitch, useCodeView } from "./fields/CodeSwitch";
import { operatorKey, operatorsFor, plainRule, withField, withOperator } from "./plain/rule";

type Rule = { field?: string; op?: string; value?: unknown };
type Group = { all?: Item[]; any?: Item[] };
type Item = Rule | Group;

const operatorWords: Record<string, string> = {
  eq: "is",
  ne: "is not",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  in: "is one of",
  contains: "contains",
  exists: "is filled in",
  changed_to: "changed to",
};

const isGroup = (item: Item): item is Group => "all" in item || "any" in item;

/** `{"all": [...]}` as match and items. */
function parts(group: Group): { match: "all" | "any"; items: Item[] } {
  return "any" in group && !("all" in group) ? { match: "any", items: group.any ?? [] } : { match: "all", items: group.all ?? [] };
}

/** A rule's value as typed: numbers and true/false as such, a comma list for "is one of", text otherwise. */
export function parseValue(op: string | undefined, text: string): unknown {
  if (op === "in") {
    return text.split(",").map((part) => parseValue(undefined, part.trim())).filter((part) => part !== "");
  }
  if (text === "true" || text === "false") {
    return text === "true";
  }
  return text.trim() !== "" && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}

export function showValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(", ") : value === undefined || value === null ? "" : String(value);
}

/**
 * The rule editor of a condition (or an action's "only if"): rules of field, operator and value, joined by all or any,
 * with groups inside groups. Fields are picked from the menu of the trigger's records and earlier steps' results by label,
 * operators in words that fit the field's kind, values with inputs of the field's kind. A rule the menus cannot show
 * stays as code (a path, an operator and a value typed), and is kept as it is unless edited.
 */
export function ConditionEditor({
  label,
  value,
  operators,
  disabled,
  onChange,
}: {
  label: string;
  value: Record<string, unknown> | undefined;
  operators: string[];
  disabled?: boolean;
  onChange: (value: Record<string, unknown>) => void;
}) {
  const listId = useId();
  const variables = useVariables();
  return (
    <div className="condition-editor">
      <datalist id={listId}>
        {variables.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <GroupEditor
        legend={label}
        group={(value ?? { all: [] }) as Group}
        operators={operators}
        listId={listId}
        disabled={disabled}
        onChange={(group) => onChange(group as Record<string, unknown>)}
      />
    </div>
  );
}

function GroupEditor({
  legend,
  group,
  operators,
  listId,
  disabled,
  depth = 0,
  onChange,
  onRemove,
}: {
  legend: string;
  group: Group;
  operators: string[];
  listId: string;
  disabled?: boolean;
  depth?: number;
  onChange: (group: Group) => void;
  onRemove?: () => void;
}) {
  const { match, items } = parts(group);
  const set = (nextMatch: "all" | "any", nextItems: Item[]) => onChange({ [nextMatch]: nextItems } as Group);
  const replaceAt = (index: number, item: Item | null) =>
    set(match, item === null ? items.filter((_, i) => i !== index) : items.map((existing, i) => (i === index ? item : existing)));
  return (
    <fieldset className={`condition-group depth-${depth}`}>
      <legend>{legend}</legend>
      <label>
        Match
        <select value={match} disabled={disabled} onChange={(event) => set(event.target.value as "all" | "any", items)}>
          <option value="all">all of these</option>
          <option value="any">any of these</option>
        </select>
      </label>
      <ol className="condition-items">
        {items.map((item, index) => (
          <li key={index}>
            {isGroup(item) ? (
              <GroupEditor
                legend={`Group ${index + 1}`}
                group={item}
                operators={operators}
                listId={listId}
                disabled={disabled}
                depth={depth + 1}
                onChange={(next) => replaceAt(index, next)}
                onRemove={() => replaceAt(index, null)}
              />
            ) : (
              <RuleEditor
                index={index + 1}
                rule={item}
                operators={operators}
                listId={listId}
                disabled={disabled}
                onChange={(next) => replaceAt(index, next)}
                onRemove={() => replaceAt(index, null)}
              />
            )}
          </li>
        ))}
      </ol>
      <div className="row">
        <button type="button" className="button" disabled={disabled} onClick={() => set(match, [...items, { field: "", op: "eq", value: "" }])}>
          Add a rule
        </button>
        <button type="button" className="button" disabled={disabled} onClick={() => set(match, [...items, { all: [{ field: "", op: "eq", value: "" }] }])}>
          Add a group
        </button>
        {onRemove && (
          <button type="button" className="button button-quiet" disabled={disabled} onClick={onRemove}>
            Remove this group
          </button>
        )}
      </div>
    </fieldset>
  );
}

function CodeRuleEditor({
  index,
  rule,
  operators,
  listId,
  disabled,
  onChange,
  onRemove,
}: {
  index: number;
  rule: Rule;
  operators: string[];
  listId: string;
  disabled?: boolean;
  onChange: (rule: Rule) => void;
  onRemove: () => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={`${id}-field`}>Field (as code)</label>
      <input
        id={`${id}-field`}
        list={listId}
        value={rule.field ?? ""}
        disabled={disabled}
        placeholder="job.status"
        onChange={(event) => onChange({ ...rule, field: event.target.value })}
      />
      <label htmlFor={`${id}-op`}>Test</label>
      <select id={`${id}-op`} value={rule.op ?? "eq"} disabled={disabled} onChange={(event) => onChange(withOp(rule, event.target.value))}>
        {operators.map((op) => (
          <option key={op} value={op}>
            {operatorWords[op] ?? op}
          </option>
        ))}
      </select>
      {rule.op !== "exists" && (
        <>
          <label htmlFor={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            value={showValue(rule.value)}
            disabled={disabled}
            placeholder={rule.op === "in" ? "a, b, c" : "completed"}
            onChange={(event) => onChange({ ...rule, value: parseValue(rule.op, event.target.value) })}
          />
        </>
      )}
      <button type="button" className="button button-quiet" disabled={disabled} onClick={onRemove} aria-label={`Remove rule ${index}`}>
        Remove
      </button>
    </>
  );
}

function RuleEditor(props: { index: number; rule: Rule; operators: string[]; listId: string; disabled?: boolean; onChange: (rule: Rule) => void; onRemove: () => void }) {
  const { index, rule, disabled, onChange, onRemove } = props;
  const { menu, operators } = usePlainFields();
  const id = useId();
  const empty = (rule.field ?? "") === "";
  const plain = plainRule(rule, menu, operators);
  const plainPossible = menu.length > 0 && (empty || plain !== null);
  const { code, setCode, typed } = useCodeView(plainPossible);
  return (
    <div className="condition-rule" role="group" aria-label={`Rule ${index}`}>
      {code ? (
        <CodeRuleEditor
          {...props}
          onChange={(next) => {
            typed();
            props.onChange(next);
          }}
        />
      ) : (
        <>
          <label htmlFor={`${id}-field`}>Field</label>
          <FieldPicker id={`${id}-field`} label="Field" value={rule.field ?? ""} items={menu} disabled={disabled} onChange={(item) => onChange(withField(item, operators))} />
          {plain && (
            <>
              <label htmlFor={`${id}-op`}>Test</label>
              <select
                id={`${id}-op`}
                value={operatorKey(plain.operator)}
                disabled={disabled}
                onChange={(event) => onChange(withOperator(rule, plain.item, operatorsFor(plain.item.kind, operators).find((o) => operatorKey(o) === event.target.value)!))}
              >
                {operatorsFor(plain.item.kind, operators).map((o) => (
                  <option key={operatorKey(o)} value={operatorKey(o)}>
                    {o.label}
                  </option>
                ))}
              </select>
              <RuleValueInput id={`${id}-value`} item={plain.item} operator={plain.operator} value={rule.value} disabled={disabled} onChange={(value) => onChange({ ...rule, value })} />
            </>
          )}
          <button type="button" className="button button-quiet" disabled={disabled} onClick={onRemove} aria-label={`Remove rule ${index}`}>
            Remove
          </button>
        </>
      )}
      <CodeSwitch code={code} plainPossible={plainPossible} label={`Rule ${index}`} disabled={disabled} onSwitch={setCode} />
    </div>
  );
}

function withOp(rule: Rule, op: string): Rule {
  if (op === "exists") {
    const { value: _value, ...rest } = rule;
    return { ...rest, op };
  }
  if (op === "in" && !Array.isArray(rule.value)) {
    return { ...rule, op, value: rule.value === undefined || rule.value === "" ? [] : [rule.value] };
  }
  if (op !== "in" && Array.isArray(rule.value)) {
    return { ...rule, op, value: rule.value[0] ?? "" };
  }
  return { ...rule, op, value: rule.value ?? "" };
}
