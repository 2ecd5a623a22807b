using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// How a move to another version went: <see cref="Plan"/>, the new version's (<see cref="Version"/>), when the run goes on
/// with it from <see cref="NextStepId"/> (null: the new version has nothing more for it, and it ends); null when it stays
/// on its own version. <see cref="Words"/>: what the execution shows ("Moved to version 3 at
/// step 'Send reminder'.", or why it was not moved). <see cref="Reads"/>: what the new plan reads of the execution's records,
/// freshly loaded; the run adds what its state lacks (what it already has, and what earlier steps produced, it keeps).
/// </summary>
internal sealed record ExecutionMove(WorkflowPlan? Plan, int Version, string Words, JsonObject? Reads = null, string? NextStepId = null);
