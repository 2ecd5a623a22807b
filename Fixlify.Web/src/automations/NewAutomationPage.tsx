import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys, useTemplates } from "../api/queries";
import { useIdempotencyKeys } from "../api/useIdempotencyKeys";
import type { TemplateCategory, TriggerType } from "../api/types";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { SelectField } from "../ui/SelectField";
import { categoryLabels, triggerLabel, triggerOptions } from "../ui/labels";
import { usePermissions } from "../auth/permissions";

/** `/automations/new`: the template gallery by category ("use" creates the automation, off), or a blank one. */
export function NewAutomationPage() {
  const [category, setCategory] = useState<TemplateCategory | undefined>();
  const templates = useTemplates(category);
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [triggerType, setTriggerType] = useState<TriggerType>("job_completed");
  const { editRefusal } = usePermissions();

  // One key per template chosen: a double click, or a retry after an error, makes one automation.
  const creations = useIdempotencyKeys();
  const instantiate = useMutation({
    mutationFn: (id: string) =>
      call(api.POST("/api/templates/{id}/instantiate", { params: { path: { id } }, body: {}, headers: { "Idempotency-Key": creations.keyFor(id) } })),
    onSuccess: (workflow, id) => {
      creations.done(id);
      void client.invalidateQueries({ queryKey: keys.workflowLists });
      navigate("/", { state: { created: workflow.name } });
    },
  });
  // A blank automation opens in the builder with only its trigger; it is created when first saved there.
  const submitBlank = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/workflows/new?${new URLSearchParams({ name: name.trim(), trigger: triggerType })}`);
  };

  return (
    <section>
      <div className="page-head">
        <h1>New automation</h1>
        <Link to="/">Back to automations</Link>
      </div>
      <h2>Start from a template</h2>
      <fieldset className="chips">
        <legend>Category</legend>
        {([undefined, ...Object.keys(categoryLabels)] as (TemplateCategory | undefined)[]).map((value) => (
          <label key={value ?? "all"} className="chip">
            <input type="radio" name="category" checked={category === value} onChange={() => setCategory(value)} />
            {value ? categoryLabels[value] : "All"}
          </label>
        ))}
      </fieldset>
      {instantiate.isError && <ErrorBanner error={instantiate.error} onRetry={() => instantiate.variables && instantiate.mutate(instantiate.variables)} />}
      {templates.isPending ? (
        <Skeleton rows={4} label="Loading templates…" />
      ) : templates.isError ? (
        <ErrorBanner error={templates.error} onRetry={() => void templates.refetch()} />
      ) : templates.data.items.length === 0 ? (
        <EmptyState title="No templates in this category." />
      ) : (
        <ul className="cards templates" aria-label="Templates">
          {templates.data.items.map((template) => (
            <li key={template.id} className="card">
              <h3>{template.name}</h3>
              <p className="muted">
                {template.category ? categoryLabels[template.category as TemplateCategory] ?? template.category : "Other"} · starts when:{" "}
                {triggerLabel(template.triggerType)}
              </p>
              {template.description && <p>{template.description}</p>}
              <button
                type="button"
                className="button"
                aria-label={`Use this template: ${template.name}`}
                disabled={instantiate.isPending || !!editRefusal}
                title={editRefusal ?? undefined}
                onClick={() => instantiate.mutate(template.id)}
              >
                Use this template
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>Or start from blank</h2>
      <form className="stack narrow" onSubmit={submitBlank}>
        <label htmlFor="blank-name">Name</label>
        <input id="blank-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        <SelectField id="blank-trigger" label="Starts when" value={triggerType} options={triggerOptions} onChange={(v) => setTriggerType(v as TriggerType)} />
        <button type="submit" className="button button-primary" disabled={!name.trim() || !!editRefusal} title={editRefusal ?? undefined}>
          Open the builder
        </button>
      </form>
    </section>
  );
}
