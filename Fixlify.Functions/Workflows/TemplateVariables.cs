using Fluid;
using Fluid.Ast;
using Fluid.Values;
using NodaTime;

namespace Fixlify.Workflows;

/// <summary>
/// Parses Liquid templates and lists the variables, filters and tags they use, so validation can refuse unknown ones
/// (<see cref="TemplateFilters"/> lists the filters and tags there are).
/// </summary>
internal static class TemplateVariables
{
    static readonly FluidParser Parser = new();

    /// <summary>Whether <paramref name="text"/> holds Liquid (an output or a tag); plain text is used as it is.</summary>
    public static bool IsTemplate(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>
    /// Null when <paramref name="template"/> parses, uses only supported tags and filters (a literal <c>time_zone</c>
    /// argument must be an IANA zone) and reads only variables <paramref name="schema"/> has; else the first problem.
    /// </summary>
    public static string? Check(string template, ContextSchema schema)
    {
        if (!Parser.TryParse(template, out var parsed, out var error))
        {
            return "A variable or tag in this text is not written right: check its braces, or fix it in code view.";
        }

        var collector = new Collector();
        collector.VisitTemplate(parsed);
        if (collector.RefusedTags.FirstOrDefault() is { } tag)
        {
            return "This text uses a tag that cannot be used here: remove it in code view.";
        }

        if (collector.Filters.FirstOrDefault(f => !TemplateFilters.IsKnown(f.Name)) is { } filter)
        {
            return $"This text formats a value in a way that does not exist (“{filter.Name}”): choose a format from the list.";
        }

        foreach (var zoneFilter in collector.Filters.Where(f => f.Name == "time_zone"))
        {
            if (zoneFilter.Parameters.Count == 0)
            {
                return "Choose the time zone a time in this text is shown in.";
            }

            if (zoneFilter.Parameters[0].Expression is LiteralExpression { Value: StringValue zone } && !string.Equals(zone.ToStringValue(), "local", StringComparison.OrdinalIgnoreCase)
                && DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.ToStringValue()) is null)
            {
                return $"“{zone.ToStringValue()}” is not a time zone: choose one such as America/New_York.";
            }
        }

        foreach (var path in collector.Paths)
        {
            if (collector.Locals.Contains(ContextSchema.Segments(path)[0]))
            {
                continue;
            }

            if (schema.Explain(path) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The context paths <paramref name="template"/> reads (not the names it binds itself); none when it does not parse.</summary>
    public static IReadOnlyList<string> Paths(string template)
    {
        if (!Parser.TryParse(template, out var parsed, out _))
        {
            return [];
        }

        var collector = new Collector();
        collector.VisitTemplate(parsed);
        return [.. collector.Paths.Where(p => !collector.Locals.Contains(ContextSchema.Segments(p)[0])).Distinct(StringComparer.Ordinal)];
    }

    sealed class Collector : AstVisitor
    {
        public List<string> Paths { get; } = [];

        public List<FilterExpression> Filters { get; } = [];

        /// <summary>Tags the parser knows but templates here cannot use: they read template files, and there are none.</summary>
        public List<string> RefusedTags { get; } = [];

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            Filters.Add(filterExpression);
            return base.VisitFilterExpression(filterExpression);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
        {
            RefusedTags.Add("include");
            return base.VisitIncludeStatement(includeStatement);
        }

        protected override Statement VisitRenderStatement(RenderStatement renderStatement)
        {
            RefusedTags.Add("render");
            return base.VisitRenderStatement(renderStatement);
        }

        /// <summary>Names the template binds itself (for, assign, capture) and Liquid's own.</summary>
        public HashSet<string> Locals { get; } = ["forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false"];

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = new List<string>();
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is IdentifierSegment identifier)
                {
                    names.Add(identifier.Identifier);
                }
                else
                {
                    break;
                }
            }

            if (names.Count > 0)
            {
                Paths.Add(string.Join('.', names));
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Locals.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Locals.Add(assignStatement.Identifier);
            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Locals.Add(captureStatement.Identifier);
            return base.VisitCaptureStatement(captureStatement);
        }
    }
}
